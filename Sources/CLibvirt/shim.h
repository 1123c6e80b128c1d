#ifndef VIRTUALTAP_CLIBVIRT_SHIM_H
#define VIRTUALTAP_CLIBVIRT_SHIM_H
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#endif
