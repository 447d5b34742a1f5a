package io.isthmus.sip.message;

import io.isthmus.sip.SipParseException;
import io.isthmus.sip.header.CSeq;
import io.isthmus.sip.header.CallId;
import io.isthmus.sip.header.Contacts;
import io.isthmus.sip.header.MaxForwards;
import io.isthmus.sip.header.NameAddress;
import io.isthmus.sip.header.Via;
import java.util.ArrayList;
import java.util.List;

/**
 * The typed header values of one message, each parsed by its grammar (package {@code
 * io.isthmus.sip.header}) on first access and cached. A message is immutable, so the cache needs no
 * lock: two threads racing at worst parse the same value twice and store equal results; {@link
 * #clear} drops the cache of a message that is only kept in case it is needed again.
 */
final class TypedHeaders {
  private static final int UNSET = Integer.MIN_VALUE;

  private final MessageBase m;
  private String callId;
  private CSeq cseq;
  private NameAddress from;
  private NameAddress to;
  private List<Via> vias;
  private int maxForwards = UNSET;
  private List<NameAddress> routes;
  private List<NameAddress> recordRoutes;
  private Contacts contacts;

  TypedHeaders(MessageBase m) {
    this.m = m;
  }

  /**
   * Forgets every parsed value; the next read parses again. Each getter reads its field once, so a
   * read racing this one returns the old value or a new equal one, never null.
   */
  void clear() {
    callId = null;
    cseq = null;
    from = null;
    to = null;
    vias = null;
    maxForwards = UNSET;
    routes = null;
    recordRoutes = null;
    contacts = null;
  }

  String callId() throws SipParseException {
    String v = callId;
    if (v == null) {
      int line = singleLine(HeaderName.CALL_ID);
      callId = v = CallId.parse(m.buf, m.valueStart(line), length(line));
    }
    return v;
  }

  CSeq cseq() throws SipParseException {
    CSeq v = cseq;
    if (v == null) {
      int line = singleLine(HeaderName.CSEQ);
      cseq = v = CSeq.parse(m.buf, m.valueStart(line), length(line));
    }
    return v;
  }

  NameAddress from() throws SipParseException {
    NameAddress v = from;
    if (v == null) {
      int line = singleLine(HeaderName.FROM);
      from = v = NameAddress.parse(m.buf, m.valueStart(line), length(line));
    }
    return v;
  }

  NameAddress to() throws SipParseException {
    NameAddress v = to;
    if (v == null) {
      int line = singleLine(HeaderName.TO);
      to = v = NameAddress.parse(m.buf, m.valueStart(line), length(line));
    }
    return v;
  }

  List<Via> vias() throws SipParseException {
    List<Via> v = vias;
    if (v == null) {
      List<Via> all = new ArrayList<>(4);
      for (int line = m.findLine(HeaderName.VIA, 0);
          line >= 0;
          line = m.findLine(HeaderName.VIA, line + 1)) {
        all.addAll(Via.parseList(m.buf, m.valueStart(line), length(line)));
      }
      vias = v = List.copyOf(all);
    }
    return v;
  }

  int maxForwards() throws SipParseException {
    int v = maxForwards;
    if (v == UNSET) {
      if (m.findLine(HeaderName.MAX_FORWARDS, 0) < 0) {
        v = -1;
      } else {
        int line = singleLine(HeaderName.MAX_FORWARDS);
        v = MaxForwards.parse(m.buf, m.valueStart(line), length(line));
      }
      maxForwards = v;
    }
    return v;
  }

  List<NameAddress> routes() throws SipParseException {
    List<NameAddress> v = routes;
    if (v == null) {
      routes = v = addresses(HeaderName.ROUTE);
    }
    return v;
  }

  List<NameAddress> recordRoutes() throws SipParseException {
    List<NameAddress> v = recordRoutes;
    if (v == null) {
      recordRoutes = v = addresses(HeaderName.RECORD_ROUTE);
    }
    return v;
  }

  Contacts contacts() throws SipParseException {
    Contacts v = contacts;
    if (v == null) {
      int first = m.findLine(HeaderName.CONTACT, 0);
      if (first < 0) {
        v = new Contacts(false, List.of());
      } else {
        Contacts c = Contacts.parse(m.buf, m.valueStart(first), length(first));
        int next = m.findLine(HeaderName.CONTACT, first + 1);
        if (next >= 0 && c.wildcard()) {
          // RFC 3261 §10.3 step 6: '*' must stand alone
          throw new SipParseException(m.valueStart(next), "Contact: * with other Contact values");
        }
        List<NameAddress> all = new ArrayList<>(c.addresses());
        for (int line = next; line >= 0; line = m.findLine(HeaderName.CONTACT, line + 1)) {
          Contacts more = Contacts.parse(m.buf, m.valueStart(line), length(line));
          if (more.wildcard()) {
            throw new SipParseException(m.valueStart(line), "Contact: * with other Contact values");
          }
          all.addAll(more.addresses());
        }
        v = c.wildcard() ? c : new Contacts(false, all);
      }
      contacts = v;
    }
    return v;
  }

  private List<NameAddress> addresses(HeaderName name) throws SipParseException {
    int first = m.findLine(name, 0);
    if (first < 0) {
      return List.of();
    }
    List<NameAddress> all = new ArrayList<>(4);
    for (int line = first; line >= 0; line = m.findLine(name, line + 1)) {
      all.addAll(NameAddress.parseList(m.buf, m.valueStart(line), length(line)));
    }
    return List.copyOf(all);
  }

  /**
   * The one line of a header that must appear exactly once (RFC 3261 §8.1.1, §16.3 step 1; RFC 4475
   * insuf, multi01): missing or repeated is a 400.
   */
  private int singleLine(HeaderName name) throws SipParseException {
    int line = m.findLine(name, 0);
    if (line < 0) {
      throw new SipParseException(m.idx.headersEnd - 2, "missing " + name + " header");
    }
    int again = m.findLine(name, line + 1);
    if (again >= 0) {
      throw new SipParseException(
          m.idx.get(again, MessageIndex.LINE_START), "more than one " + name + " header");
    }
    return line;
  }

  private int length(int line) {
    return m.valueEnd(line) - m.valueStart(line);
  }
}
