-- An upload through a request link has no user (V33__request_link_uploads.sql); one started
-- by a signed-in user still has one (the check in V33 keeps exactly one of the two set).
alter table resumable_uploads alter column user_id set null;

