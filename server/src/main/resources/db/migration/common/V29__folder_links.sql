-- Public links to folders: whoever holds one browses the folder read only and downloads a file
-- in it, or it or a folder inside it as one ZIP (sharing/links/FolderLinkService). Kept apart
-- from links to files: no pinned version, no links made by editors. The same token handling:
-- look-ups by the token's SHA-256, the token itself sealed to copy it again (keys/SealedSecrets,
-- bound to "folderlink:<id>"), erased when the link is revoked. A folder deleted for good takes
-- its links with it; one in the trash keeps them, answering "gone", until then.

create table folder_links (
	id                  varchar(36)  not null,
	folder_id           varchar(36)  not null,
	token_hash          varchar(64)  not null,
	token_sealed        varchar(255),
	token_key           varchar(700),
	token_master_key_id bigint,
	created_by          varchar(36)  not null,
	created_at          bigint       not null,
	expires_at          bigint       not null,
	password_hash       varchar(255),
	max_downloads       int,
	used                int          not null,
	last_used_at        bigint,
	revoked             boolean      not null,
	revoked_at          bigint,
	constraint folder_links_pk primary key (id),
	constraint folder_links_token_hash_uk unique (token_hash),
	constraint folder_links_folder_fk foreign key (folder_id) references folders (id) on delete cascade
);

create index folder_links_folder_ix on folder_links (folder_id);
