package org.rookery.capture.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rookery.api.cluster.Dispatcher;
import org.rookery.api.model.FlowKey;
import org.rookery.api.model.Node;
import org.rookery.packet.PacketView;
import org.rookery.packet.Reason;

/**
 * What the worker warms ahead of a batch: the flow of each IPv4 TCP or UDP frame to a VIP, and nothing
 * else, all of the batch's together once it has been shown.
 */
class LiveStepAheadTest {

    @TempDir
    Path dir;

    private final List<String> warmed = new ArrayList<>();
    private LiveStep step;

    @BeforeEach
    void setUp() throws Exception {
        LiveFixture fx = new LiveFixture(dir);
        Dispatcher real = fx.core.dispatcher();
        Dispatcher recording = new Dispatcher() {
            @Override
            public int decide(FlowKey key, long nowNanos) {
                return real.decide(key, nowNanos);
            }

            @Override
            public void warm(FlowKey[] keys, int count) { // only the batch form is recorded: the worker warms batches
                for (int i = 0; i < count; i++) {
                    warmed.add(describe(keys[i]));
                }
            }

            @Override
            public Node node(int nodeId) {
                return real.node(nodeId);
            }

            @Override
            public void closed(FlowKey key) {
                real.closed(key);
            }

            @Override
            public void countDrop(String reason) {
                real.countDrop(reason);
            }
        };
        step = new LiveStep(recording, fx.table, fx.neighbours, fx.counters, 9216 + 64);
    }

    private static String describe(FlowKey k) {
        return k.protocol() + " " + k.source() + ":" + k.srcPort() + " > " + k.destination() + ":" + k.dstPort();
    }

    /** The key the datapath's own parser takes from the frame. */
    private static String parsed(byte[] frame) {
        FlowKey k = new FlowKey();
        assertEquals(Reason.OK, new PacketView().wrap(frame, 0, frame.length).parse(k));
        return describe(k);
    }

    /** Shows the frame as a fetched batch of its own: at an offset in a buffer that ends with the frame. */
    private void ahead(byte[] frame, int len) {
        showOnly(frame, len);
        step.shown();
    }

    private void showOnly(byte[] frame, int len) {
        ByteBuffer records = ByteBuffer.allocate(16 + len);
        records.put(16, frame, 0, len);
        step.ahead(records, 16, len);
    }

    @Test
    void aBatchIsWarmedTogetherOnceAllOfItHasBeenShown() {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            byte[] tcp = TestFrames.tcp("203.0.113.1", 40000 + i, "192.0.2.10", 80, FlowKey.ACK, 0);
            showOnly(tcp, tcp.length);
            expected.add(parsed(tcp));
            if (i == 63) {
                assertTrue(warmed.isEmpty(), "nothing warmed before the batch is all shown");
            }
        }
        assertEquals(expected.subList(0, 64), warmed, "a batch longer than the keys kept: the first 64 warmed");
        step.shown();
        assertEquals(expected, warmed);
        step.shown();
        assertEquals(70, warmed.size(), "each flow warmed once");
    }

    @Test
    void warmsTheFlowOfTcpAndUdpFramesToAVipAsTheParserKeysThem() {
        byte[] tcp = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.ACK, 100);
        byte[] udp = TestFrames.udp("203.0.113.2", 5353, "192.0.2.10", 53, 20);
        ahead(tcp, tcp.length);
        ahead(udp, udp.length);
        assertEquals(List.of(parsed(tcp), parsed(udp)), warmed);
    }

    @Test
    void aTaggedFrameIsWarmedByItsInnerHeaders() {
        byte[] plain = TestFrames.tcp("203.0.113.1", 40001, "192.0.2.10", 443, FlowKey.SYN, 0);
        byte[] tagged = new byte[plain.length + 4];
        System.arraycopy(plain, 0, tagged, 0, 12);
        tagged[12] = (byte) 0x81;
        tagged[13] = 0x00;
        tagged[15] = 7; // VLAN 7
        System.arraycopy(plain, 12, tagged, 16, plain.length - 12);
        ahead(tagged, tagged.length);
        assertEquals(List.of(parsed(plain)), warmed);
    }

    @Test
    void warmsNothingElseAndNeverReadsPastTheFrame() {
        byte[] tcp = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.10", 80, FlowKey.ACK, 0);
        byte[] notVip = TestFrames.tcp("203.0.113.1", 40000, "192.0.2.99", 80, FlowKey.ACK, 0);
        ahead(notVip, notVip.length);
        ahead(TestFrames.arp(), TestFrames.arp().length);
        ahead(TestFrames.icmpError("203.0.113.1", "192.0.2.10", 3, 4, Arrays.copyOfRange(tcp, 14, 42)), 70);
        byte[] fragment = tcp.clone();
        fragment[14 + 7] = 1; // fragment offset 8 bytes: no ports in it
        ahead(fragment, fragment.length);
        byte[] options = tcp.clone();
        options[14] = 0x4F; // a 60-byte IP header, longer than the frame has
        ahead(options, options.length);
        for (int len = 0; len < 14 + 20 + 4; len++) {
            ahead(tcp, len); // cut anywhere before the ports: the buffer ends there too
        }
        byte[] tagged = new byte[40];
        tagged[12] = (byte) 0x81;
        ahead(tagged, tagged.length);
        assertTrue(warmed.isEmpty(), "warmed " + warmed);
    }
}
