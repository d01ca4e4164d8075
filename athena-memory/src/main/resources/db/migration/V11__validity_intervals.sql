-- Validity intervals: a memory holds from valid_from until valid_to (open-ended while null), so that recall can answer
-- "what was true at time T" (as_of) for memories superseded or forgotten since. remember sets valid_from (default:
-- occurred_at) and may set valid_to; supersedes ends the old memory where the new one starts; forget ends it then.
-- The default of valid_from only serves rows written by hand: the application always gives it.
ALTER TABLE memories ADD COLUMN valid_from timestamptz NOT NULL DEFAULT now();
ALTER TABLE memories ADD COLUMN valid_to timestamptz;

-- Existing memories became valid when they occurred; those no longer active stopped when their history says they
-- were superseded or forgotten (the last such entry; updated_at when history has none).
UPDATE memories m SET valid_from = m.occurred_at,
                      valid_to = CASE WHEN m.state = 'active' THEN NULL
                                      ELSE greatest(m.occurred_at, coalesce(
                                          (SELECT max(h.created_at) FROM memory_history h
                                           WHERE h.memory_id = m.id AND h.action IN ('superseded', 'forgotten')),
                                          m.updated_at)) END;

ALTER TABLE memories ADD CONSTRAINT memories_validity_ordered CHECK (valid_to IS NULL OR valid_to >= valid_from);
