package org.rookery.classifier;

import java.util.Collection;
import java.util.Map;

import org.rookery.api.classify.Classifier;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.IpAddress;
import org.rookery.api.model.PortSpace;
import org.rookery.api.model.Verdict;

/**
 * The private port space as one link: a flow to one of the VIPs whose destination port lies in a node's
 * slice goes to that node, with no policy involved. This is how replies to a node's own outgoing
 * connections (which leave from the VIP with a port of its slice) find their way back to it.
 */
public final class PortSpaceClassifier implements Classifier {

    private final PortSpace space;
    private final long[] vipHi;
    private final long[] vipLo;
    private final int[] vipFamily;
    private final Verdict[] bySlice;

    /**
     * A link for a port space.
     *
     * @param space the port space (a disabled one never matches)
     * @param vips the addresses whose traffic the port space applies to
     * @param nodesBySlice the node verdict of each slice index that has a node
     */
    public PortSpaceClassifier(PortSpace space, Collection<IpAddress> vips, Map<Integer, Verdict> nodesBySlice) {
        this.space = space;
        IpAddress[] v = vips.stream().distinct().toArray(IpAddress[]::new);
        vipHi = new long[v.length];
        vipLo = new long[v.length];
        vipFamily = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            vipHi[i] = v[i].hi();
            vipLo[i] = v[i].lo();
            vipFamily[i] = v[i].family();
        }
        bySlice = new Verdict[space.slices()];
        nodesBySlice.forEach((index, verdict) -> {
            if (index >= 0 && index < bySlice.length) {
                bySlice[index] = verdict;
            }
        });
    }

    @Override
    public String name() {
        return "portspace";
    }

    @Override
    public Verdict classify(FlowKey key) {
        int slice = space.indexOf(key.dstPort());
        if (slice < 0 || bySlice[slice] == null || (key.protocol() != 6 && key.protocol() != 17)) {
            return null;
        }
        for (int i = 0; i < vipLo.length; i++) {
            if (vipLo[i] == key.dstLo() && vipHi[i] == key.dstHi() && vipFamily[i] == key.family()) {
                return bySlice[slice];
            }
        }
        return null;
    }
}
