-- Sharing with users and comments on files.
-- A share grants one user READ (download, see versions, comment) or EDIT (also upload and
-- restore versions) on one file; at most one grant per file and user. Grants and comments go
-- with their file and with the user they belong to (ON DELETE CASCADE).

create table shares (
	file_id    varchar(36) not null,
	grantee_id varchar(36) not null,
	permission varchar(8)  not null,
	created_at bigint      not null,
	created_by varchar(36) not null,
	constraint shares_pk primary key (file_id, grantee_id),
	constraint shares_file_fk foreign key (file_id) references files (id) on delete cascade,
	constraint shares_grantee_fk foreign key (grantee_id) references users (id) on delete cascade,
	constraint shares_permission_ck check (permission in ('READ', 'EDIT'))
);

-- "Shared with me" looks grants up by grantee.
create index shares_grantee_ix on shares (grantee_id);

-- Comment bodies are at most 2,000 code points; 4,000 leaves room for engines that count
-- UTF-16 units.
create table comments (
	id         varchar(36)   not null,
	file_id    varchar(36)   not null,
	author_id  varchar(36)   not null,
	body       varchar(4000) not null,
	created_at bigint        not null,
	constraint comments_pk primary key (id),
	constraint comments_file_fk foreign key (file_id) references files (id) on delete cascade,
	constraint comments_author_fk foreign key (author_id) references users (id) on delete cascade
);

create index comments_file_ix on comments (file_id, created_at);
