/** An application module that uses Cachet: it requires io.cachet and nothing else, and opens nothing. */
module com.acme.app {
  requires io.cachet;
}
