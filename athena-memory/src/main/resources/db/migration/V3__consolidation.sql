-- Consolidation without a reasoning model stores heuristic patterns and leaves their events 'awaiting_validation',
-- so that they are revisited when the model is back.
ALTER TABLE episodic_events DROP CONSTRAINT episodic_events_consolidation_state_check;
ALTER TABLE episodic_events ADD CONSTRAINT episodic_events_consolidation_state_check
    CHECK (consolidation_state IN ('unconsolidated', 'awaiting_validation', 'consolidated'));
DROP INDEX episodic_events_unconsolidated;
CREATE INDEX episodic_events_unconsolidated ON episodic_events (project, occurred_at)
    WHERE consolidation_state IN ('unconsolidated', 'awaiting_validation');

-- Relations between memories that are not derivation: a pattern that contradicts another is linked, never deleted.
CREATE TABLE memory_links (
    memory_id  uuid        NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    related_id uuid        NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
    relation   text        NOT NULL CHECK (relation IN ('contradicts')),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (memory_id, related_id, relation)
);

ALTER TABLE memory_history DROP CONSTRAINT memory_history_action_check;
ALTER TABLE memory_history ADD CONSTRAINT memory_history_action_check
    CHECK (action IN ('created', 'updated', 'reinforced', 'superseded', 'forgotten', 'purged'));

-- Pattern memories are searched by type when consolidation merges a new pattern into an existing one.
CREATE INDEX memories_active_patterns ON memories (project) WHERE memory_type = 'pattern' AND state = 'active';
