package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.Map;

/**
 * Writes a key's hash-ordered map with its entries in {@link CanonicalOrder} of their keys. The bytes are
 * those Kryo's map serializer writes for the map iterated in that order, so reading is unchanged and keys
 * written before canonical ordering still decode.
 */
final class CanonicalMapSerializer extends MapSerializer<Map<Object, Object>> {
  private final CanonicalOrder order;

  CanonicalMapSerializer(CanonicalOrder order) {
    this.order = order;
  }

  @Override
  public void write(Kryo kryo, Output output, Map<Object, Object> map) {
    if (map.size() < 2) {
      super.write(kryo, output, map);
      return;
    }
    ((CachetKryo) kryo).canonicalized();
    super.write(kryo, output, order.sorted(map));
  }
}
