package io.cachet.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes a key's hash-ordered map with its entries in {@link CanonicalOrder} of their keys, keys and values
 * as their stand-ins. The bytes are those Kryo's map serializer writes for the map iterated in that order, so
 * reading is unchanged and keys written before canonical ordering still decode.
 */
final class CanonicalMapSerializer extends MapSerializer<Map<Object, Object>> {
  private final CanonicalOrder order;

  CanonicalMapSerializer(CanonicalOrder order) {
    this.order = order;
  }

  @Override
  public void write(Kryo kryo, Output output, Map<Object, Object> map) {
    if (map.size() > 1) {
      CachetKryo.of(kryo).canonicalized();
      super.write(kryo, output, order.sorted(map));
      return;
    }
    for (Map.Entry<Object, Object> entry : map.entrySet()) {
      Object key = CanonicalOrder.standIn(entry.getKey());
      Object value = CanonicalOrder.standIn(entry.getValue());
      if (key != entry.getKey() || value != entry.getValue()) {
        CachetKryo.of(kryo).canonicalized();
        Map<Object, Object> standIns = new HashMap<>(2);
        standIns.put(key, value);
        super.write(kryo, output, standIns);
        return;
      }
    }
    super.write(kryo, output, map);
  }
}
