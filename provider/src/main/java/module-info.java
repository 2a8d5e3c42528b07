/**
 * Cachet, a persistent JCache provider whose entries are signed and verified. An application needs
 * {@code requires io.cachet;} and nothing else: its value classes need no {@code opens}, since a class Kryo
 * cannot reach in a package that is not open to it is written with Java serialization.
 */
// cache-api, Kryo and Objenesis ship no module descriptor, so they are automatic modules (cache-api's name comes
// from its file name; Hibernate's and Hazelcast's modules require it by the same name). javac's lint warns of
// each such requires; nothing else here is silenced.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.cachet {
  // The JCache API is part of Cachet's own API: an application that requires io.cachet reads javax.cache.
  requires transitive cache.api;
  // Cachet's JDBC driver; its module also brings java.sql, which it requires transitively.
  requires org.xerial.sqlitejdbc;
  requires com.esotericsoftware.kryo;
  // Kryo's instantiator strategy, set in Cachet's Kryo configuration. It creates objects of classes without a
  // no-argument constructor through sun.reflect.ReflectionFactory, in jdk.unsupported, which no other module
  // brings into a module-path application: without it, entries of such classes are written but not read back.
  requires org.objenesis;
  requires jdk.unsupported;
  // The MXBeans of each cache (statistics, configuration, integrity).
  requires java.management;
  // The process's user id, checked against the owner of the root directory.
  requires jdk.security.auth;

  exports io.cachet;
  // Nothing else is exported or opened: the MBean server calls the MXBeans through their interfaces, which
  // are public in exported packages (javax.cache.management, io.cachet), and Kryo writes no Cachet class.

  uses io.cachet.ManagerFactory;
  // Backends besides the embedded one (store=postgresql), from their own modules on the class path.
  uses io.cachet.store.StoreBackend;

  provides javax.cache.spi.CachingProvider with io.cachet.CachetCachingProvider;
  provides io.cachet.ManagerFactory with io.cachet.jcache.CachetManagerFactory;
}
