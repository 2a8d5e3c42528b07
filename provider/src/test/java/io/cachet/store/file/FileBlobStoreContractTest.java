package io.cachet.store.file;

import io.cachet.store.BlobStore;
import io.cachet.store.BlobStoreContract;
import java.nio.file.Path;

/** The blob store contract, on files under the location. */
class FileBlobStoreContractTest extends BlobStoreContract {
  @Override
  protected BlobStore open(Path location) {
    return new FileBlobStore(location, false);
  }
}
