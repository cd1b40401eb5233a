package org.rookery.classifier;

import java.util.List;

import org.rookery.api.classify.Classifier;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Verdict;
import org.rookery.api.model.VirtualService;

/** The services as one link: a flow to a service's VIP, protocol and port goes to that service's pool. */
public final class ServiceClassifier implements Classifier {

    private final VirtualService[] services;
    private final Verdict[] verdicts;

    /** A link over a snapshot of the services. */
    public ServiceClassifier(List<VirtualService> services) {
        this.services = services.toArray(new VirtualService[0]);
        this.verdicts = new Verdict[this.services.length];
        for (int i = 0; i < verdicts.length; i++) {
            verdicts[i] = Verdict.pool(this.services[i].pool());
        }
    }

    @Override
    public String name() {
        return "services";
    }

    @Override
    public Verdict classify(FlowKey key) {
        for (int i = 0; i < services.length; i++) {
            if (services[i].matches(key)) {
                return verdicts[i];
            }
        }
        return null;
    }

    /** The service a flow belongs to, or null; allocation-free. */
    public VirtualService serviceOf(FlowKey key) {
        for (VirtualService s : services) {
            if (s.matches(key)) {
                return s;
            }
        }
        return null;
    }
}
