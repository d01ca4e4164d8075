-- record_event and batch_record_events may carry a client-chosen idempotency key: a retry after a lost answer finds
-- the event recorded the first time instead of recording it again. Keys are per project.
ALTER TABLE episodic_events ADD COLUMN idempotency_key text;
CREATE UNIQUE INDEX episodic_events_idempotency_key ON episodic_events (project, idempotency_key)
    WHERE idempotency_key IS NOT NULL;

-- Erasure of events (erase_events): the rows go, and this history keeps only that it happened, when and why.
-- Append-only, as memory_history is.
CREATE TABLE event_history (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id   uuid        NOT NULL,
    project    text        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('erased')),
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX event_history_event ON event_history (project, event_id, id);

CREATE FUNCTION event_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'event_history is append-only';
END
$$;

CREATE TRIGGER event_history_append_only
    BEFORE UPDATE OR DELETE ON event_history
    FOR EACH ROW EXECUTE FUNCTION event_history_append_only();

-- A purge blanks the free-text reasons of the purged memory's earlier entries too: a reason such as "forgot: the
-- user's address changed to ..." can carry the very content the erasure request is about. Only blanking is allowed.
CREATE OR REPLACE FUNCTION memory_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'memory_history is append-only';
    END IF;
    IF NEW.before IS NOT NULL OR NEW.after IS NOT NULL
       OR NEW.id <> OLD.id OR NEW.memory_id <> OLD.memory_id OR NEW.project <> OLD.project
       OR NEW.action <> OLD.action OR NEW.created_at <> OLD.created_at
       OR (NEW.reason IS NOT NULL AND NEW.reason IS DISTINCT FROM OLD.reason) THEN
        RAISE EXCEPTION 'memory_history is append-only (only purge may blank snapshots and reasons)';
    END IF;
    RETURN NEW;
END
$$;
