package org.rookery.capture.internal;

import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The {@code rookery:capture} command: the live packet datapath's captures, counters and refused services. */
@Component(service = CaptureCommand.class, property = {
        "osgi.command.scope=rookery",
        "osgi.command.function=capture"
})
public class CaptureCommand {

    private final CaptureDatapath datapath;

    /** Built by DS over the datapath. */
    @Activate
    public CaptureCommand(@Reference CaptureDatapath datapath) {
        this.datapath = datapath;
    }

    /** Prints one line per capturing interface and one per dr/nat/tun service that cannot run, with the reason. */
    @Descriptor("show the packet datapath: per interface its workers, services and counters (frames, forwarded,"
            + " nat-out, arp, local, passed, drops by reason), and every dr/nat/tun service that cannot run with why")
    public String capture() {
        return datapath.status();
    }
}
