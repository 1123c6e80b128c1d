# Decode every frame to layer 4 (tapctl pcap stats) against tcpdump reading the
# same file with a filter that matches nothing.
JOB_DESCRIPTION="decode every frame to L4 vs tcpdump -r with a match-nothing filter"
JOB_TARGET=">= 1.5"
ours() { "$TAPCTL" pcap stats "$CAPTURE" > /dev/null; }
peer() { tcpdump -n -r "$CAPTURE" 'ether proto 0x1234' > /dev/null 2>&1; }
