-- Folders: a tree per owner, stored as an adjacency list (each folder names its parent).
-- Moving or renaming a folder changes its own row only, never its descendants; the ancestors of
-- a file or folder are found by one WITH RECURSIVE query (docs/ARCHITECTURE.md, "Folders").
--
-- Every owner has one root folder whose id is the owner's id (and whose parent is null): every
-- other folder and every file has a non-null parent, so "name unique within its folder" is a
-- plain unique key that the database enforces for the root too (a null parent would make every
-- top-level name distinct). A file and a folder may not share a name in one folder: every change
-- of names in an owner's tree locks the owner's row first and checks the other table under it
-- (FolderRepository, FileRepository.lockOwner).
--
-- sort_key is the name's position in FileNameOrder (natural numbers, ignoring case and accents),
-- computed in Java when the name is written, so the database can order and page a folder by it.
-- There is no foreign key from a folder to its parent: MariaDB cascades at most 15 levels and
-- checks self-references row by row, so deletes of deep trees go through FolderRepository, which
-- removes a subtree deepest level first.

create table folders (
	id         varchar(36)  not null,
	owner_id   varchar(36)  not null,
	parent_id  varchar(36),
	name       varchar(255) not null,
	sort_key   varchar(680) not null,
	created_at bigint       not null,
	updated_at bigint       not null,
	constraint folders_pk primary key (id),
	constraint folders_id_owner_uk unique (id, owner_id),
	constraint folders_parent_name_uk unique (parent_id, name),
	constraint folders_owner_fk foreign key (owner_id) references users (id) on delete cascade,
	constraint folders_root_ck check ((parent_id is null and id = owner_id) or (parent_id is not null and id <> owner_id))
);

create index folders_parent_order_ix on folders (parent_id, sort_key, id);

-- A root for every account there is; later ones get theirs with their first folder or file.
insert into folders (id, owner_id, parent_id, name, sort_key, created_at, updated_at)
	select id, id, null, '', '', created_at, created_at from users;

-- Existing files move into their owner's root. Their sort keys are written by the server when
-- it starts (files.SortKeyBackfill): FileNameOrder is Java.
alter table files add folder_id varchar(36) default '' not null;
alter table files add sort_key varchar(680) default '' not null;
update files set folder_id = owner_id;
alter table files alter column folder_id drop default;

-- The owner's foreign key needs an index of its own once the old unique key is gone.
create index files_owner_ix on files (owner_id);
alter table files drop constraint files_owner_name_uk;
alter table files add constraint files_folder_name_uk unique (folder_id, name);
-- A file's folder belongs to the file's owner; a folder's files go with it.
alter table files add constraint files_folder_fk foreign key (folder_id, owner_id)
	references folders (id, owner_id) on delete cascade;
create index files_folder_order_ix on files (folder_id, sort_key, id);

-- A folder shared with a user: READ or EDIT on everything inside it, now and later; the nearest
-- share on a file's path decides (FileRepository.findAccess).
create table folder_shares (
	folder_id  varchar(36) not null,
	grantee_id varchar(36) not null,
	permission varchar(8)  not null,
	created_at bigint      not null,
	created_by varchar(36) not null,
	constraint folder_shares_pk primary key (folder_id, grantee_id),
	constraint folder_shares_folder_fk foreign key (folder_id) references folders (id) on delete cascade,
	constraint folder_shares_grantee_fk foreign key (grantee_id) references users (id) on delete cascade,
	constraint folder_shares_permission_ck check (permission in ('READ', 'EDIT'))
);

create index folder_shares_grantee_ix on folder_shares (grantee_id);
