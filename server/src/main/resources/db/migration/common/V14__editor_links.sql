-- Whether users a file is shared with for editing may create public links to it. Off unless the
-- owner turns it on. A link remembers who made it (links.created_by); the links an editor made
-- are revoked when the owner turns this off, changes the editor's share to READ or revokes it.
alter table files add column editors_can_link boolean default false not null;
