-- recaudo's payment journal: one row per payment, keyed by biller and receipt (the collector's
-- receipt is the payment's identity). Idempotent: safe to run again.
--
-- `entry` holds the whole journal entry as recaudo writes it (amounts are decimal strings, never
-- floats); the other columns repeat what operators and recaudo query by. The send count is
-- written before each send; a write carrying fewer sends than the row is refused (a stale
-- writer), so the count never goes back.
CREATE TABLE IF NOT EXISTS recaudo_journal (
    biller      text        NOT NULL,
    receipt     text        NOT NULL,
    -- in_flight | resolved | not_sent
    status      text        NOT NULL,
    -- confirmed | rejected | needs_review, once resolved
    outcome     text,
    sends       integer     NOT NULL CHECK (sends >= 0),
    entry       jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    -- Insertion order: entries are listed oldest first.
    seq         bigint      GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (biller, receipt)
);

CREATE INDEX IF NOT EXISTS recaudo_journal_seq ON recaudo_journal (seq);

-- What resume and review look for, and what an operator's "what is open?" query reads.
CREATE INDEX IF NOT EXISTS recaudo_journal_open
    ON recaudo_journal (biller, status, outcome)
    WHERE status <> 'resolved' OR outcome = 'needs_review';
