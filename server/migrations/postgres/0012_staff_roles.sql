-- Two more staff roles (issue 15): the data protection officer ('dpo') and
-- office staff limited to basic data ('office'). PostgreSQL changes the
-- CHECK constraint in place (the SQLite migration rebuilds the table).
ALTER TABLE staff DROP CONSTRAINT staff_role_check;
ALTER TABLE staff ADD CONSTRAINT staff_role_check
    CHECK (role IN ('admin', 'counsellor', 'dpo', 'office'));
