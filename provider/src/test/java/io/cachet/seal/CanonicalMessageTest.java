package io.cachet.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The signed byte string: length-prefixed UTF-8 parts, null apart from empty, whatever the parts' sizes. */
class CanonicalMessageTest {

  @Test
  void eachPartIsItsLengthThenItsUtf8Bytes_aNullPartIsLengthMinusOne_andLongPartsGrowTheBuffer()
      throws IOException {
    String[] parts = {"v5", null, "", "é€", "x".repeat(1_000), null, "k".repeat(300)};
    CanonicalMessage message = new CanonicalMessage();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(expected);
    for (String part : parts) {
      message.add(part);
      if (part == null) {
        out.writeInt(-1);
      } else {
        byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
      }
    }

    assertArrayEquals(expected.toByteArray(), message.toByteArray());
  }

  @Test
  void anEmptyPartAndANullPart_encodeDifferently() {
    assertFalse(Arrays.equals(new CanonicalMessage().add("").toByteArray(),
        new CanonicalMessage().add(null).toByteArray()));
  }
}
