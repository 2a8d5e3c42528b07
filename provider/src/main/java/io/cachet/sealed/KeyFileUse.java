package io.cachet.sealed;

import java.util.List;

/**
 * A key file in the root and which caches use it, so that an operator knows which may be deleted.
 *
 * @param keyFile the file's name in the root
 * @param keyId the id of the key it holds
 * @param signs the caches whose records name it as their current key
 * @param retiring the caches whose rotation under way still reads rows signed with it
 */
public record KeyFileUse(String keyFile, String keyId, List<String> signs, List<String> retiring) {

  public KeyFileUse {
    signs = List.copyOf(signs);
    retiring = List.copyOf(retiring);
  }

  /**
   * {@return whether no cache uses the key: rotated away from, or never used; its file may be deleted once no
   * application names it in {@code signingKeyFile} (an application configured with it follows a rotation from it)}
   */
  public boolean unused() {
    return signs.isEmpty() && retiring.isEmpty();
  }
}
