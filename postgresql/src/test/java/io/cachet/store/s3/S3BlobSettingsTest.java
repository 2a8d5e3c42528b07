package io.cachet.store.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3BlobSettingsTest {
  private static final URI ENDPOINT = URI.create("http://127.0.0.1:9000");

  private static S3BlobSettings withPrefix(String prefix) {
    return new S3BlobSettings("bucket", prefix, ENDPOINT, "eu-west-1", true, null, null);
  }

  @Test
  void toString_showsWhereTheBlobsAre_neverTheCredentials() {
    S3BlobSettings settings = new S3BlobSettings("bucket", "cachet", ENDPOINT, "eu-west-1", true, "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");

    String shown = settings.toString();

    assertFalse(shown.contains("AKIDEXAMPLE"), shown);
    assertFalse(shown.contains("wJalrXUtnFEMI"), shown);
    assertTrue(shown.contains("bucket=bucket") && shown.contains("prefix=cachet") && shown.contains("(redacted)"),
        shown);
  }

  @Test
  void prefix_losesItsTrailingSlashes_andNullIsTheTopLevel() {
    assertEquals("a/b", withPrefix("a/b//").prefix());
    assertEquals("", withPrefix(null).prefix());
    assertEquals("", withPrefix("/").prefix());
  }

  @Test
  void prefix_withALeadingSlash_anEmptyDotOrDotDotSegment_isRefused() {
    for (String prefix : List.of("/a", "a//b", "a/../b", "..", "./a")) {
      assertThrows(IllegalArgumentException.class, () -> withPrefix(prefix), prefix);
    }
  }

  @Test
  void credentials_areBothGiven_orNeither() {
    assertThrows(IllegalArgumentException.class,
        () -> new S3BlobSettings("bucket", "", ENDPOINT, "eu-west-1", true, "AKIDEXAMPLE", null));
    assertThrows(IllegalArgumentException.class,
        () -> new S3BlobSettings("bucket", "", ENDPOINT, "eu-west-1", true, null, "secret"));
    assertFalse(withPrefix("").hasStaticCredentials());
  }
}
