package org.rookery.capture.internal;

import java.util.ArrayList;
import java.util.List;

/** Outcomes for tests: the tags of the frames sent and refused, in the order the port told them. */
final class SendTally implements FramePort.Outcomes {

    final List<Integer> sent = new ArrayList<>();
    final List<Integer> refused = new ArrayList<>();

    @Override
    public void sent(int tag, int len) {
        sent.add(tag);
    }

    @Override
    public void refused(int tag, int len) {
        refused.add(tag);
    }

    /** Sends {@code frame} on {@code port} at once (flushed); true if the interface took it. */
    static boolean sendNow(FramePort port, byte[] frame) {
        SendTally t = new SendTally();
        port.send(frame, frame.length, 1, t);
        port.flush();
        return t.sent.equals(List.of(1));
    }
}
