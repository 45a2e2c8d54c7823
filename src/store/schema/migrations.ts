/**
 * The database schema as an ordered list of migrations. Each runs once, in
 * a transaction with the bump of meta:schema.version, and uses IF NOT EXISTS
 * so a half-applied older layout is completed rather than rejected. Never
 * edit a released migration: append a new one.
 *
 * Every table and index is defined up front: writes to tables the engine
 * creates on the fly conflict, and LIVE or SELECT on a missing table throws.
 */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

const DOC_TYPE_VALUES = "['markdown', 'text', 'pdf', 'docx', 'html', 'image']";
const RELATION_VALUES = "['references', 'derived_from', 'continues', 'related']";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'documents, threads, milestones, links, commits, events, conversations',
    statements: [
      'DEFINE TABLE IF NOT EXISTS meta SCHEMALESS',

      'DEFINE TABLE IF NOT EXISTS thread SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS name ON thread TYPE string ASSERT string::len($value) > 0',
      'DEFINE FIELD IF NOT EXISTS name_key ON thread TYPE string',
      'DEFINE FIELD IF NOT EXISTS description ON thread TYPE string',
      'DEFINE FIELD IF NOT EXISTS colour ON thread TYPE string',
      'DEFINE FIELD IF NOT EXISTS order ON thread TYPE number',
      'DEFINE INDEX IF NOT EXISTS thread_name_key ON thread FIELDS name_key UNIQUE',
      'DEFINE INDEX IF NOT EXISTS thread_order ON thread FIELDS order',

      'DEFINE TABLE IF NOT EXISTS document SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS title ON document TYPE string ASSERT string::len($value) > 0',
      'DEFINE FIELD IF NOT EXISTS doc_type ON document TYPE string ASSERT $value IN ' + DOC_TYPE_VALUES,
      'DEFINE FIELD IF NOT EXISTS content ON document TYPE string',
      'DEFINE FIELD IF NOT EXISTS thread ON document TYPE option<string>',
      'DEFINE FIELD IF NOT EXISTS is_owned ON document TYPE bool',
      'DEFINE FIELD IF NOT EXISTS provenance ON document TYPE option<object>',
      'DEFINE FIELD IF NOT EXISTS provenance.source_path ON document TYPE string',
      'DEFINE FIELD IF NOT EXISTS provenance.original_hash ON document TYPE string',
      'DEFINE FIELD IF NOT EXISTS provenance.imported_at ON document TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS media_ref ON document TYPE option<string>',
      'DEFINE FIELD IF NOT EXISTS created_at ON document TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS modified_at ON document TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS position ON document TYPE option<object>',
      'DEFINE FIELD IF NOT EXISTS position.x ON document TYPE number',
      'DEFINE FIELD IF NOT EXISTS position.y ON document TYPE number',
      'DEFINE FIELD IF NOT EXISTS position.user_placed ON document TYPE bool',
      'DEFINE FIELD IF NOT EXISTS branch ON document TYPE string',
      'DEFINE FIELD IF NOT EXISTS branches ON document TYPE array<object>',
      'DEFINE FIELD IF NOT EXISTS branches.*.name ON document TYPE string',
      'DEFINE FIELD IF NOT EXISTS branches.*.head ON document TYPE string',
      'DEFINE FIELD IF NOT EXISTS branches.*.created_at ON document TYPE datetime',
      'DEFINE INDEX IF NOT EXISTS document_thread_created ON document FIELDS thread, created_at',
      'DEFINE INDEX IF NOT EXISTS document_thread ON document FIELDS thread',
      'DEFINE INDEX IF NOT EXISTS document_type ON document FIELDS doc_type',
      'DEFINE INDEX IF NOT EXISTS document_created ON document FIELDS created_at',
      'DEFINE INDEX IF NOT EXISTS document_modified ON document FIELDS modified_at',
      'DEFINE INDEX IF NOT EXISTS document_title ON document FIELDS title',

      'DEFINE TABLE IF NOT EXISTS milestone SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS thread ON milestone TYPE string',
      'DEFINE FIELD IF NOT EXISTS date ON milestone TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS label ON milestone TYPE string ASSERT string::len($value) > 0',
      'DEFINE INDEX IF NOT EXISTS milestone_thread ON milestone FIELDS thread',
      'DEFINE INDEX IF NOT EXISTS milestone_date ON milestone FIELDS date',

      'DEFINE TABLE IF NOT EXISTS link TYPE RELATION IN document OUT document SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS kind ON link TYPE string ASSERT $value IN ' + RELATION_VALUES,
      'DEFINE FIELD IF NOT EXISTS strength ON link TYPE number ASSERT $value >= 0 AND $value <= 1',
      'DEFINE INDEX IF NOT EXISTS link_in ON link FIELDS in',
      'DEFINE INDEX IF NOT EXISTS link_out ON link FIELDS out',
      'DEFINE INDEX IF NOT EXISTS link_kind ON link FIELDS kind',

      'DEFINE TABLE IF NOT EXISTS commit SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS document ON commit TYPE string',
      'DEFINE FIELD IF NOT EXISTS branch ON commit TYPE string',
      'DEFINE FIELD IF NOT EXISTS parents ON commit TYPE array<string>',
      "DEFINE FIELD IF NOT EXISTS author ON commit TYPE string ASSERT $value IN ['user', 'assistant']",
      'DEFINE FIELD IF NOT EXISTS message ON commit TYPE string',
      'DEFINE FIELD IF NOT EXISTS created_at ON commit TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS content ON commit TYPE string',
      'DEFINE INDEX IF NOT EXISTS commit_document ON commit FIELDS document',

      'DEFINE TABLE IF NOT EXISTS event SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS seq ON event TYPE int',
      'DEFINE FIELD IF NOT EXISTS type ON event TYPE string',
      'DEFINE FIELD IF NOT EXISTS at ON event TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS payload ON event TYPE object FLEXIBLE',
      'DEFINE INDEX IF NOT EXISTS event_seq ON event FIELDS seq UNIQUE',
      'DEFINE INDEX IF NOT EXISTS event_type ON event FIELDS type',
      'DEFINE INDEX IF NOT EXISTS event_at ON event FIELDS at',

      'DEFINE TABLE IF NOT EXISTS conversation SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS title ON conversation TYPE string',
      'DEFINE FIELD IF NOT EXISTS created_at ON conversation TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS updated_at ON conversation TYPE datetime',
      'DEFINE INDEX IF NOT EXISTS conversation_updated ON conversation FIELDS updated_at',

      'DEFINE TABLE IF NOT EXISTS message SCHEMAFULL',
      'DEFINE FIELD IF NOT EXISTS conversation ON message TYPE string',
      "DEFINE FIELD IF NOT EXISTS role ON message TYPE string ASSERT $value IN ['user', 'assistant', 'system', 'tool']",
      'DEFINE FIELD IF NOT EXISTS content ON message TYPE string',
      'DEFINE FIELD IF NOT EXISTS metadata ON message TYPE object FLEXIBLE',
      'DEFINE FIELD IF NOT EXISTS created_at ON message TYPE datetime',
      'DEFINE FIELD IF NOT EXISTS index ON message TYPE int',
      'DEFINE INDEX IF NOT EXISTS message_conversation_index ON message FIELDS conversation, index UNIQUE',
    ],
  },
  {
    version: 2,
    description: 'import provenance (importer, version, key within the file) and tags',
    statements: [
      'DEFINE FIELD IF NOT EXISTS provenance.importer ON document TYPE option<string>',
      'DEFINE FIELD IF NOT EXISTS provenance.importer_version ON document TYPE option<string>',
      'DEFINE FIELD IF NOT EXISTS provenance.source_key ON document TYPE option<string>',
      'DEFINE FIELD IF NOT EXISTS tags ON document TYPE option<array<string>>',
      // Re-imports find their document by source path or by hash.
      'DEFINE INDEX IF NOT EXISTS document_source_path ON document FIELDS provenance.source_path',
      'DEFINE INDEX IF NOT EXISTS document_original_hash ON document FIELDS provenance.original_hash',
    ],
  },
  {
    version: 3,
    description: 'drop the document indexes no query needs: they cost bulk inserts more than half their time',
    statements: [
      // `WHERE thread = $x` (and `thread IS NONE`) is served by the prefix of
      // document_thread_created; EXPLAIN shows the engine picking it once
      // document_thread is gone, with the same rows.
      'REMOVE INDEX IF EXISTS document_thread ON document',
      // Re-imports are recognised from the in-memory map the import service
      // builds from allDocumentMeta(); no query ever read these two.
      'REMOVE INDEX IF EXISTS document_source_path ON document',
      'REMOVE INDEX IF EXISTS document_original_hash ON document',
      // document_type stays although no query needs it for speed: without it,
      // `WHERE doc_type IN $t ORDER BY created_at LIMIT n` walks document_created
      // and the engine (3.0.2) applies the LIMIT before the filter, returning
      // fewer rows than match (2 of 5 in a check here).
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
