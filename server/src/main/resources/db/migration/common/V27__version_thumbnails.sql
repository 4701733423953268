-- A thumbnail of an image version (files.VersionThumbnails), made the first time it is asked for.
-- The thumbnail is a blob of its own, encrypted like a version's: a fresh data key, wrapped by
-- the master key ring and bound to the thumbnail's blob id (the re-wrap job moves it to a new
-- master key, as it does the versions' keys). Deleting the version deletes this row and with it
-- the key (crypto-shredding); the blob is removed after the commit. A row without a blob records
-- that the version has no thumbnail (not decodable, too many pixels), so it is not tried again.
create table version_thumbnails (
	version_id   varchar(36)  not null,
	blob_id      varchar(36),
	wrapped_dek  varchar(700),
	kek_id       bigint,
	content_type varchar(16),
	width        int          not null,
	height       int          not null,
	size         bigint       not null,
	created_at   bigint       not null,
	constraint version_thumbnails_pk primary key (version_id),
	constraint version_thumbnails_blob_uk unique (blob_id),
	constraint version_thumbnails_version_fk foreign key (version_id) references file_versions (id) on delete cascade
);
