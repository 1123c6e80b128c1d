// vcsim for the Inventory tests: govmomi's vCenter simulator on loopback, with
// two additions to the stock simulator: every VM's NICs get a
// distinct MAC (00:50:56:a0:VV:NN) because the simulator gives all VMs the same one,
// and the VMs carry vSphere tags (category "policy": "web" on all, "pci" on the first).
// Build offline from Debian's packages (golang-go, golang-github-vmware-govmomi-dev):
//
//	GOPATH=/usr/share/gocode GO111MODULE=off GOFLAGS= go build -o vcsim-inventory main.go
//
// At start it prints one line INVENTORY={json} with the simulator's own view of
// hosts, VMs (host, MACs, networks) and networks, read from its object registry,
// so tests can compare what they read over SOAP against the simulator itself.
//
// Run:  ./vcsim-inventory -l 127.0.0.1:0 -hosts 2 -vms 2   (prints GOVC_URL=…; user/pass accepted)
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"os/signal"
	"reflect"
	"sort"
	"syscall"

	"github.com/vmware/govmomi"
	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/vapi/rest"
	_ "github.com/vmware/govmomi/vapi/simulator" // registers the /rest endpoints
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/types"
)

func main() {
	listen := flag.String("l", "127.0.0.1:0", "listen address (keep it on loopback)")
	hosts := flag.Int("hosts", 2, "hosts per cluster")
	vms := flag.Int("vms", 2, "VMs per host/cluster")
	flag.Parse()

	model := simulator.VPX()
	model.Host = 0 // standalone hosts
	model.ClusterHost = *hosts
	model.Machine = *vms
	if err := model.Create(); err != nil {
		log.Fatal(err)
	}
	distinctMACs()
	model.Service.Listen = &url.URL{Host: *listen}
	model.Service.RegisterEndpoints = true // the /rest (vAPI) endpoints: sessions and tags
	s := model.Service.NewServer()
	vmTags := attachTags(s.URL)
	dumpInventory(vmTags)
	fmt.Println("GOVC_URL=" + s.URL.String())
	os.Stdout.Sync()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	<-sig
	s.Close()
	model.Remove()
}

// attachTags creates the category "policy" with the tags "web" (on every VM) and
// "pci" (on the first VM in name order) through the vAPI REST endpoints, and
// returns the tag names per VM id.
func attachTags(u *url.URL) map[string][]string {
	ctx := context.Background()
	vc, err := govmomi.NewClient(ctx, u, true)
	if err != nil {
		log.Fatal(err)
	}
	rc := rest.NewClient(vc.Client)
	if err := rc.Login(ctx, u.User); err != nil {
		log.Fatal(err)
	}
	m := tags.NewManager(rc)
	category, err := m.CreateCategory(ctx, &tags.Category{Name: "policy", Cardinality: "MULTIPLE", AssociableTypes: []string{"VirtualMachine"}})
	if err != nil {
		log.Fatal(err)
	}
	ids := map[string]string{}
	for _, name := range []string{"web", "pci"} {
		id, err := m.CreateTag(ctx, &tags.Tag{Name: name, CategoryID: category})
		if err != nil {
			log.Fatal(err)
		}
		ids[name] = id
	}
	entities := simulator.Map.All("VirtualMachine")
	sort.Slice(entities, func(i, j int) bool { return entities[i].Entity().Name < entities[j].Entity().Name })
	result := map[string][]string{}
	for v, e := range entities {
		ref := e.(*simulator.VirtualMachine).Self
		names := []string{"web"}
		if v == 0 {
			names = []string{"pci", "web"}
		}
		for _, name := range names {
			if err := m.AttachTag(ctx, ids[name], ref); err != nil {
				log.Fatal(err)
			}
		}
		result[ref.Value] = names
	}
	return result
}

// distinctMACs gives VM number v (in name order) the MACs 00:50:56:a0:v:n.
func distinctMACs() {
	entities := simulator.Map.All("VirtualMachine")
	sort.Slice(entities, func(i, j int) bool { return entities[i].Entity().Name < entities[j].Entity().Name })
	for v, e := range entities {
		vm := e.(*simulator.VirtualMachine)
		n := 0
		old := map[string]string{}
		for i, device := range vm.Config.Hardware.Device {
			if _, ok := device.(types.BaseVirtualEthernetCard); ok {
				// The simulator's VMs share device objects: give this VM its own copy.
				copied := reflect.New(reflect.TypeOf(device).Elem())
				copied.Elem().Set(reflect.ValueOf(device).Elem())
				vm.Config.Hardware.Device[i] = copied.Interface().(types.BaseVirtualDevice)
				c := vm.Config.Hardware.Device[i].(types.BaseVirtualEthernetCard).GetVirtualEthernetCard()
				mac := fmt.Sprintf("00:50:56:a0:%02x:%02x", v, n)
				old[c.MacAddress] = mac
				c.MacAddress = mac
				n++
			}
		}
		vm.Guest.Net = append([]types.GuestNicInfo(nil), vm.Guest.Net...)
		for i := range vm.Guest.Net {
			if mac, ok := old[vm.Guest.Net[i].MacAddress]; ok {
				vm.Guest.Net[i].MacAddress = mac
			}
		}
	}
}

type dumpVM struct {
	ID       string   `json:"id"`
	HostID   string   `json:"hostID"`
	Name     string   `json:"name"`
	UUID     string   `json:"uuid"`
	Host     string   `json:"host"`
	MACs     []string `json:"macs"`
	Networks []string `json:"networks"`
	Tags     []string `json:"tags"`
}

type dumpHost struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Cluster string `json:"cluster"`
}

type dump struct {
	Hosts    []dumpHost `json:"hosts"`
	VMs      []dumpVM   `json:"vms"`
	Networks []string   `json:"networks"`
}

// dumpInventory prints the registry's hosts, VMs and networks as one JSON line.
func dumpInventory(vmTags map[string][]string) {
	name := func(ref types.ManagedObjectReference) string {
		return simulator.Map.Get(ref).(mo.Entity).Entity().Name
	}
	d := dump{}
	for _, e := range simulator.Map.All("HostSystem") {
		host := e.(*simulator.HostSystem)
		d.Hosts = append(d.Hosts, dumpHost{ID: host.Self.Value, Name: host.Name, Cluster: name(*host.Parent)})
	}
	for _, e := range simulator.Map.All("VirtualMachine") {
		vm := e.(*simulator.VirtualMachine)
		v := dumpVM{Tags: vmTags[vm.Self.Value], ID: vm.Self.Value, HostID: vm.Runtime.Host.Value, Name: vm.Name, UUID: vm.Config.Uuid, Host: name(*vm.Runtime.Host), MACs: []string{}, Networks: []string{}}
		for _, device := range vm.Config.Hardware.Device {
			card, ok := device.(types.BaseVirtualEthernetCard)
			if !ok {
				continue
			}
			c := card.GetVirtualEthernetCard()
			v.MACs = append(v.MACs, c.MacAddress)
			switch b := c.Backing.(type) {
			case *types.VirtualEthernetCardDistributedVirtualPortBackingInfo:
				v.Networks = append(v.Networks, name(types.ManagedObjectReference{Type: "DistributedVirtualPortgroup", Value: b.Port.PortgroupKey}))
			case *types.VirtualEthernetCardNetworkBackingInfo:
				v.Networks = append(v.Networks, name(*b.Network))
			}
		}
		d.VMs = append(d.VMs, v)
	}
	for _, kind := range []string{"Network", "DistributedVirtualPortgroup"} {
		for _, e := range simulator.Map.All(kind) {
			d.Networks = append(d.Networks, e.Entity().Name)
		}
	}
	out, err := json.Marshal(d)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("INVENTORY=" + string(out))
}
