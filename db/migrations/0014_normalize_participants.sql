-- Participant IDs in one normal form (lib/identifiers.ts normalizeParticipantId): `scheme:identifier`, lower case,
-- without the `iso6523-actorid-upis::` prefix. The demo and scale seeds stored the bare identifier beside its scheme
-- ("0486596540" + "0208") while the pipeline stored "0208:0486596540", so a filter for either form missed the other.
-- Values that are no participant ID at all are left as they are. Only rows that change are written.
WITH parts AS (
  SELECT id,
    regexp_replace(lower(btrim(sender_identifier)), '^iso6523-actorid-upis::', '') AS s_id, btrim(sender_scheme) AS s_scheme,
    regexp_replace(lower(btrim(receiver_identifier)), '^iso6523-actorid-upis::', '') AS r_id, btrim(receiver_scheme) AS r_scheme
  FROM transactions
  WHERE sender_identifier IS NOT NULL OR receiver_identifier IS NOT NULL
), normal AS (
  SELECT id,
    CASE WHEN s_id ~ '^[0-9]{4}:[^[:space:]:]{1,50}$' THEN s_id
         WHEN s_id !~ ':' AND s_scheme ~ '^[0-9]{4}$' AND s_id ~ '^[^[:space:]:]{1,50}$' THEN s_scheme || ':' || s_id END AS sender,
    CASE WHEN r_id ~ '^[0-9]{4}:[^[:space:]:]{1,50}$' THEN r_id
         WHEN r_id !~ ':' AND r_scheme ~ '^[0-9]{4}$' AND r_id ~ '^[^[:space:]:]{1,50}$' THEN r_scheme || ':' || r_id END AS receiver
  FROM parts
)
UPDATE transactions t
   SET sender_identifier = coalesce(n.sender, t.sender_identifier),
       sender_scheme = coalesce(split_part(n.sender, ':', 1), t.sender_scheme),
       receiver_identifier = coalesce(n.receiver, t.receiver_identifier),
       receiver_scheme = coalesce(split_part(n.receiver, ':', 1), t.receiver_scheme)
  FROM normal n
 WHERE t.id = n.id
   AND ((n.sender IS NOT NULL AND (n.sender IS DISTINCT FROM t.sender_identifier OR split_part(n.sender, ':', 1) IS DISTINCT FROM t.sender_scheme))
     OR (n.receiver IS NOT NULL AND (n.receiver IS DISTINCT FROM t.receiver_identifier OR split_part(n.receiver, ':', 1) IS DISTINCT FROM t.receiver_scheme)));
