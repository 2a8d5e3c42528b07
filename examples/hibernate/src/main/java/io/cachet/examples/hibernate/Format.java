package io.cachet.examples.hibernate;

/** How a book is bound. Hibernate caches an enum attribute as the constant itself, so Cachet must allow it. */
public enum Format {
  HARDCOVER,
  PAPERBACK
}
