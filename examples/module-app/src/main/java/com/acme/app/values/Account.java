package com.acme.app.values;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A plain class with private fields and no no-argument constructor. */
public final class Account implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String owner;
  private final long balanceCents;
  private final ArrayList<Person> members;

  public Account(String owner, long balanceCents, List<Person> members) {
    this.owner = owner;
    this.balanceCents = balanceCents;
    this.members = new ArrayList<>(members);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Account account && owner.equals(account.owner)
        && balanceCents == account.balanceCents && members.equals(account.members);
  }

  @Override
  public int hashCode() {
    return Objects.hash(owner, balanceCents, members);
  }

  @Override
  public String toString() {
    return "Account[owner=" + owner + ", balanceCents=" + balanceCents + ", members=" + members + "]";
  }
}
