package io.cachet.seal;

import java.util.function.Function;

/** A field a signature version covers: its name in the security guide and how to read it canonically. */
enum SignedField {
  CACHE_KEY("cache_key", EntryFields::cacheKey),
  DATA_TYPE("data_type", EntryFields::dataType),
  PREFIX("prefix", EntryFields::prefix),
  FILE_SIZE("file_size", fields -> Long.toString(fields.fileSize())),
  FILE_HASH("file_hash", EntryFields::fileHash),
  OBJECT_TYPE("object_type", EntryFields::objectType),
  STORAGE_FORMAT("storage_format", EntryFields::storageFormat),
  SERIALIZER("serializer", EntryFields::serializer),
  COMPRESSION_CODEC("compression_codec", EntryFields::compressionCodec),
  ENCRYPTION("encryption", EntryFields::encryption),
  CREATED_AT("created_at", fields -> Long.toString(fields.createdAt())),
  EXPIRES_AT("expires_at", fields -> fields.expiresAt() == null ? null : fields.expiresAt().toString()),
  GENERATION("generation", fields -> fields.generation() == null ? null : fields.generation().toString()),
  ACTUAL_PATH("actual_path", EntryFields::actualPath);

  private final String column;
  private final Function<EntryFields, String> reader;

  SignedField(String column, Function<EntryFields, String> reader) {
    this.column = column;
    this.reader = reader;
  }

  /** The field's column name. */
  String column() {
    return column;
  }

  /** The field's canonical text, or null if absent. */
  String read(EntryFields fields) {
    return reader.apply(fields);
  }
}
