-- Recommendations pushed to workers (issue 17): a worker's consent to
-- receive them is a consent of its own, given at registration with a
-- clear sentence and withdrawn in one tap (个人信息保护法).
ALTER TABLE consents DROP CONSTRAINT consents_purpose_check;
ALTER TABLE consents ADD CONSTRAINT consents_purpose_check
    CHECK (purpose IN ('face_verification', 'recommendations'));
