-- The trash: a deleted file or folder stays where it was, marked with the time it was trashed,
-- until it is restored, deleted forever, or expires (coffer.files.trash-retention). It gives up
-- its name, so the folder's names stay free for new things: trashed_name keeps the name it had,
-- and name becomes "/" followed by its id, which no file or folder can have ("/" is refused in
-- names) and which no other row has. What lies inside a trashed folder is not marked: the one
-- access policy (FileRepository.ACCESS_CTE, FolderRepository.findAccess) hides everything with
-- a trashed folder on its path. Trashed content still counts against its owner's quota.

alter table files add trashed_at bigint;
alter table files add trashed_name varchar(255);
alter table folders add trashed_at bigint;
alter table folders add trashed_name varchar(255);

create index files_trash_ix on files (owner_id, trashed_at);
create index folders_trash_ix on folders (owner_id, trashed_at);
