package stdlib

import (
	"fmt"
	"strings"

	"github.com/matano-go/matano/runtime/vrl/value"
)

// parse_aws_vpc_flow_log parses a VPC Flow Logs record: space-separated
// values matched to the space-separated field names of `format` (the
// default version-2 format when omitted). "-" stands for a missing value
// (null); numeric fields become integers. Unknown or repeated field names
// and a value/name count mismatch are errors.
func init() {
	known := make(map[string]value.Kind, len(vpcFlowFields))
	for name, isInt := range vpcFlowFields {
		k := value.Kind{Bits: value.BitBytes | value.BitNull}
		if isInt {
			k.Bits = value.BitInteger | value.BitNull
		}
		known[name] = k
	}
	Register(&Spec{
		Ident:      "parse_aws_vpc_flow_log",
		Parameters: []Param{reqParam("value", value.BitBytes), optParam("format", value.BitBytes)},
		Returns:    value.KindObjectOf(known, nil),
		CanFail:    true,
		Impl: func(_ *Context, args []value.Value, present []bool) (value.Value, error) {
			keys := vpcFlowDefaultKeys
			if isPresent(present, 1) {
				keys = strings.Split(lossyUTF8(args[1].Str()), " ")
			}
			v, err := parseVPCFlowLog(lossyUTF8(args[0].Str()), keys)
			if err != nil {
				return value.Null, err
			}
			return value.ObjectValue(v), nil
		},
	})
}

// vpcFlowDefaultKeys is the default (version 2) format's field names.
var vpcFlowDefaultKeys = strings.Fields("version account_id interface_id srcaddr dstaddr srcport dstport protocol packets bytes start end action log_status")

// vpcFlowFields are the field names VRL knows; true marks integer fields.
var vpcFlowFields = map[string]bool{
	"account_id": false, "action": false, "asg_tag": false, "asg_tag_2": false, "az_id": false,
	"bytes": true, "dstaddr": false, "dstport": true,
	"ecs_cluster_arn": false, "ecs_cluster_name": false, "ecs_container_id": false,
	"ecs_container_instance_arn": false, "ecs_container_instance_id": false,
	"ecs_second_container_id": false, "ecs_service_name": false, "ecs_task_arn": false,
	"ecs_task_definition_arn": false, "ecs_task_id": false,
	"encryption_status": true, "end": true, "flow_direction": false,
	"instance_id": false, "instance_tag": false, "instance_tag_2": false,
	"interface_id": false, "interface_tag": false, "interface_tag_2": false, "interface_type": false,
	"log_status": false, "next_hop_az_id": false, "next_hop_interface_id": false,
	"next_hop_interface_type": false, "next_hop_subnet_id": false, "next_hop_vpc_id": false,
	"packets": true, "pkt_dstaddr": false, "pkt_dst_aws_service": false, "pkt_srcaddr": false,
	"pkt_src_aws_service": false, "protocol": true, "region": false, "reject_reason": false,
	"resource_id": false, "srcaddr": false, "srcport": true, "start": true,
	"sublocation_id": false, "sublocation_type": false, "subnet_id": false,
	"tcp_flags": true, "traffic_path": true, "type": false, "version": true, "vpc_id": false,
}

func parseVPCFlowLog(input string, keys []string) (*value.Object, error) {
	values := strings.Split(input, " ")
	o := value.NewObject(len(keys))
	for i := 0; ; i++ {
		switch {
		case i >= len(keys) && i >= len(values):
			return o, nil
		case i >= len(keys):
			return nil, fmt.Errorf("no key for value: `%s`", values[i])
		case i >= len(values):
			return nil, fmt.Errorf("no item for key: `%s`", keys[i])
		}
		key, raw := keys[i], values[i]
		isInt, ok := vpcFlowFields[key]
		if !ok {
			return nil, fmt.Errorf("unknown key: `%s`", key)
		}
		v := value.Null
		if raw != "-" {
			if isInt {
				n, err := parseRustInt(raw, 10)
				if err != nil {
					return nil, fmt.Errorf("failed to parse value as i64 (key: `%s`): `%s`", key, raw)
				}
				v = value.Integer(n)
			} else {
				v = value.Bytes(raw)
			}
		}
		if _, dup := o.Get(key); dup {
			return nil, fmt.Errorf("value already exists for key: `%s`", key)
		}
		o.Set(key, v)
	}
}
