-- WebDAV dead properties (PROPPATCH, RFC 4918 §9.2): name/value pairs a client keeps on a file
-- or a folder (Windows' timestamps, an editor's notes), returned by PROPFIND. One row per
-- property, on a file or on a folder: a row goes with its file or folder (on delete cascade), and
-- follows it on a move, as the id does not change. The value is the property's XML content,
-- serialized by dav.Proppatch, at most 4,000 characters (dav.DeadProperties refuses longer ones
-- with 507); metadata, like names and comments, not file content.
create table dav_properties (
	file_id        varchar(36),
	folder_id      varchar(36),
	prop_namespace varchar(255)  not null,
	prop_name      varchar(255)  not null,
	prop_value     varchar(4000) not null,
	constraint dav_properties_file_fk foreign key (file_id) references files (id) on delete cascade,
	constraint dav_properties_folder_fk foreign key (folder_id) references folders (id) on delete cascade,
	constraint dav_properties_file_uq unique (file_id, prop_namespace, prop_name),
	constraint dav_properties_folder_uq unique (folder_id, prop_namespace, prop_name),
	constraint dav_properties_owner_ck check ((file_id is null and folder_id is not null)
		or (file_id is not null and folder_id is null))
);
