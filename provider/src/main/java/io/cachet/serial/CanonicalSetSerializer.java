package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import java.util.Collection;

/**
 * Writes a key's hash-ordered set with its elements in {@link CanonicalOrder}. The bytes are those Kryo's
 * collection serializer writes for the set iterated in that order, so reading is unchanged and keys written
 * before canonical ordering still decode.
 */
final class CanonicalSetSerializer extends CollectionSerializer<Collection<Object>> {
  private final CanonicalOrder order;

  CanonicalSetSerializer(CanonicalOrder order) {
    this.order = order;
  }

  @Override
  public void write(Kryo kryo, Output output, Collection<Object> set) {
    if (set.size() < 2) {
      super.write(kryo, output, set);
      return;
    }
    ((CachetKryo) kryo).canonicalized();
    super.write(kryo, output, order.sorted(set));
  }
}
