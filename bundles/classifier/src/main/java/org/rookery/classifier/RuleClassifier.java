package org.rookery.classifier;

import java.util.List;

import org.rookery.api.classify.Classifier;
import org.rookery.api.model.Cidr;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.Rule;
import org.rookery.api.model.Verdict;

/**
 * The operator's rules as one link, first match wins. The rules are compiled into parallel primitive
 * arrays (protocol, port bounds, address masks) and, up to {@link RuleIndex#MAX_RULES} rules, into a
 * bit-vector index, so that a new flow pays a few binary searches instead of a pass over every rule;
 * a longer chain is scanned as a tight loop over the arrays. Immutable.
 */
public final class RuleClassifier implements Classifier {

    private final int size;
    private final int[] protocol;
    private final int[] portFirst;
    private final int[] portLast;
    /** Address family of the source prefix, 0 for any; likewise for the destination. */
    private final int[] srcFamily;
    private final long[] srcHi;
    private final long[] srcLo;
    private final long[] srcMaskHi;
    private final long[] srcMaskLo;
    private final int[] dstFamily;
    private final long[] dstHi;
    private final long[] dstLo;
    private final long[] dstMaskHi;
    private final long[] dstMaskLo;
    private final String[] iface;
    private final Verdict[] verdict;
    /** Null when the chain is empty or too long to index. */
    private final RuleIndex index;

    /** A link over a snapshot of the rules in chain order. */
    public RuleClassifier(List<Rule> rules) {
        size = rules.size();
        protocol = new int[size];
        portFirst = new int[size];
        portLast = new int[size];
        srcFamily = new int[size];
        srcHi = new long[size];
        srcLo = new long[size];
        srcMaskHi = new long[size];
        srcMaskLo = new long[size];
        dstFamily = new int[size];
        dstHi = new long[size];
        dstLo = new long[size];
        dstMaskHi = new long[size];
        dstMaskLo = new long[size];
        iface = new String[size];
        verdict = new Verdict[size];
        for (int i = 0; i < size; i++) {
            Rule r = rules.get(i);
            protocol[i] = r.protocol();
            portFirst[i] = r.destinationPorts() == null ? 0 : r.destinationPorts().first();
            portLast[i] = r.destinationPorts() == null ? 65535 : r.destinationPorts().last();
            compile(r.source(), i, srcFamily, srcHi, srcLo, srcMaskHi, srcMaskLo);
            compile(r.destination(), i, dstFamily, dstHi, dstLo, dstMaskHi, dstMaskLo);
            iface[i] = r.iface();
            verdict[i] = r.verdict();
        }
        index = size == 0 || size > RuleIndex.MAX_RULES ? null
                : new RuleIndex(size, protocol, portFirst, portLast, srcFamily, srcHi, srcLo, srcMaskHi, srcMaskLo,
                        dstFamily, dstHi, dstLo, dstMaskHi, dstMaskLo, iface);
    }

    private static void compile(Cidr c, int i, int[] family, long[] hi, long[] lo, long[] maskHi, long[] maskLo) {
        if (c == null) {
            return; // family 0: any address
        }
        IpAddress n = c.network();
        int len = c.prefixLength();
        family[i] = n.family();
        hi[i] = n.hi();
        lo[i] = n.lo();
        if (n.isV4()) {
            maskHi[i] = 0;
            maskLo[i] = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        } else {
            maskHi[i] = len >= 64 ? -1L : len == 0 ? 0 : -1L << (64 - len);
            maskLo[i] = len <= 64 ? 0 : len == 128 ? -1L : -1L << (128 - len);
        }
    }

    @Override
    public String name() {
        return "rules";
    }

    @Override
    public Verdict classify(FlowKey key) {
        int family = key.family();
        if (index == null || (family != IpAddress.V4 && family != IpAddress.V6)) {
            return scan(key);
        }
        int i = index.first(family, key.protocol(), key.dstPort(), key.srcHi(), key.srcLo(), key.dstHi(), key.dstLo(),
                key.ingress());
        return i < 0 ? null : verdict[i];
    }

    /** The verdict of a pass over every rule in order; the reference {@link #classify} must agree with. */
    Verdict scan(FlowKey key) {
        int proto = key.protocol();
        int port = key.dstPort();
        int family = key.family();
        for (int i = 0; i < size; i++) {
            if ((protocol[i] != 0 && protocol[i] != proto) || port < portFirst[i] || port > portLast[i]) {
                continue;
            }
            int sf = srcFamily[i];
            if (sf != 0 && (sf != family || (key.srcLo() & srcMaskLo[i]) != srcLo[i] || (key.srcHi() & srcMaskHi[i]) != srcHi[i])) {
                continue;
            }
            int df = dstFamily[i];
            if (df != 0 && (df != family || (key.dstLo() & dstMaskLo[i]) != dstLo[i] || (key.dstHi() & dstMaskHi[i]) != dstHi[i])) {
                continue;
            }
            if (iface[i] != null && !iface[i].equals(key.ingress())) {
                continue;
            }
            return verdict[i];
        }
        return null;
    }

    /** Number of rules. */
    public int size() {
        return size;
    }
}
