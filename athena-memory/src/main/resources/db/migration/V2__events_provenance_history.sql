-- Episodic events: what happened, in order, per project and session. Consolidation turns clusters of them into
-- pattern memories and marks them consolidated.
CREATE TABLE episodic_events (
    id                  uuid        PRIMARY KEY,
    project             text        NOT NULL DEFAULT 'default',
    session_id          text,
    occurred_at         timestamptz NOT NULL,
    event_type          text        NOT NULL CHECK (event_type IN ('conversation', 'action', 'decision', 'error', 'success',
                                                                   'file_change', 'test_run', 'deployment', 'refactoring',
                                                                   'debugging')),
    content             text        NOT NULL,
    outcome             text        CHECK (outcome IN ('success', 'failure', 'partial', 'ongoing')),
    duration_ms         bigint      CHECK (duration_ms >= 0),
    context             jsonb       NOT NULL DEFAULT '{}'::jsonb,
    consolidation_state text        NOT NULL DEFAULT 'unconsolidated'
                                    CHECK (consolidation_state IN ('unconsolidated', 'consolidated')),
    consolidated_at     timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- get_timeline and recall_events without a session: newest first within a project.
CREATE INDEX episodic_events_project_time ON episodic_events (project, occurred_at DESC, id);
-- recall_events for one session, in order.
CREATE INDEX episodic_events_project_session_time ON episodic_events (project, session_id, occurred_at DESC);
-- consolidation reads what is left to consolidate.
CREATE INDEX episodic_events_unconsolidated ON episodic_events (project, occurred_at)
    WHERE consolidation_state = 'unconsolidated';

-- Where a memory came from: events it was consolidated from, or memories it was derived from.
CREATE TABLE memory_provenance (
    memory_id   uuid        NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    source_kind text        NOT NULL CHECK (source_kind IN ('event', 'memory')),
    source_id   uuid        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (memory_id, source_kind, source_id)
);
CREATE INDEX memory_provenance_source ON memory_provenance (source_kind, source_id);

-- Every change to a memory, append-only. No foreign key: the history of a purged memory outlives its row.
CREATE TABLE memory_history (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    memory_id  uuid        NOT NULL,
    project    text        NOT NULL,
    action     text        NOT NULL CHECK (action IN ('created', 'updated', 'superseded', 'forgotten', 'purged')),
    before     jsonb,
    after      jsonb,
    reason     text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX memory_history_memory ON memory_history (memory_id, id);

-- Append-only, with one exception: an erasure request (purge) blanks the snapshots of the purged memory so
-- that its content survives nowhere. Everything else about a history row is immutable.
CREATE FUNCTION memory_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'memory_history is append-only';
    END IF;
    IF NEW.before IS NOT NULL OR NEW.after IS NOT NULL
       OR NEW.id <> OLD.id OR NEW.memory_id <> OLD.memory_id OR NEW.project <> OLD.project
       OR NEW.action <> OLD.action OR NEW.created_at <> OLD.created_at
       OR NEW.reason IS DISTINCT FROM OLD.reason THEN
        RAISE EXCEPTION 'memory_history is append-only (only purge may blank snapshots)';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER memory_history_append_only
    BEFORE UPDATE OR DELETE ON memory_history
    FOR EACH ROW EXECUTE FUNCTION memory_history_append_only();

-- list_memories pages through one project's memories by state, newest first.
CREATE INDEX memories_project_state_created ON memories (project, state, created_at DESC, id DESC);
DROP INDEX memories_project_created;

-- Purging a memory must not be blocked by the older memories it superseded.
ALTER TABLE memories DROP CONSTRAINT memories_superseded_by_fkey;
ALTER TABLE memories ADD CONSTRAINT memories_superseded_by_fkey
    FOREIGN KEY (superseded_by) REFERENCES memories (id) ON DELETE SET NULL;
