#define _GNU_SOURCE
#include "CSockets.h"
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

int vts_sendmmsg(int fd, const uint8_t *const *bases, const uint32_t *lengths, int count,
                 const void *address, uint32_t addressLength, int flags) {
    struct mmsghdr messages[VTS_MAX_BATCH];
    struct iovec vectors[VTS_MAX_BATCH];
    if (count > VTS_MAX_BATCH) count = VTS_MAX_BATCH;
    memset(messages, 0, sizeof(struct mmsghdr) * (size_t)count);
    for (int i = 0; i < count; i++) {
        vectors[i].iov_base = (void *)bases[i];
        vectors[i].iov_len = lengths[i];
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = (void *)address;
        messages[i].msg_hdr.msg_namelen = address ? addressLength : 0;
    }
    return sendmmsg(fd, messages, (unsigned)count, flags);
}

int vts_recvmmsg(int fd, uint8_t *const *buffers, uint32_t capacity, uint32_t *lengths, int count,
                 void *addresses, uint32_t addressStride) {
    struct mmsghdr messages[VTS_MAX_BATCH];
    struct iovec vectors[VTS_MAX_BATCH];
    if (count > VTS_MAX_BATCH) count = VTS_MAX_BATCH;
    memset(messages, 0, sizeof(struct mmsghdr) * (size_t)count);
    for (int i = 0; i < count; i++) {
        vectors[i].iov_base = buffers[i];
        vectors[i].iov_len = capacity;
        messages[i].msg_hdr.msg_iov = &vectors[i];
        messages[i].msg_hdr.msg_iovlen = 1;
        messages[i].msg_hdr.msg_name = (char *)addresses + (size_t)i * addressStride;
        messages[i].msg_hdr.msg_namelen = addressStride;
    }
    int n = recvmmsg(fd, messages, (unsigned)count, MSG_DONTWAIT, NULL);
    for (int i = 0; i < n; i++) lengths[i] = messages[i].msg_len;
    return n;
}

int vts_netlink_bind_link_events(int fd) {
    struct sockaddr_nl address;
    memset(&address, 0, sizeof address);
    address.nl_family = AF_NETLINK;
    address.nl_groups = RTMGRP_LINK;
    return bind(fd, (struct sockaddr *)&address, sizeof address);
}

int vts_count_link_events(const uint8_t *buffer, int length) {
    int events = 0;
    for (const struct nlmsghdr *header = (const struct nlmsghdr *)buffer; NLMSG_OK(header, length);
         header = NLMSG_NEXT(header, length)) {
        if (header->nlmsg_type == RTM_NEWLINK || header->nlmsg_type == RTM_DELLINK) events += 1;
    }
    return events;
}
