# The managed node groups that run the platform: one per availability zone.
#
# Sizing for the prod overlay (requests, rounded up): Elasticsearch 3 x (1 CPU, 4 GiB),
# Kafka 3 x (1 CPU, 6 GiB), ZooKeeper 3 x (0.25 CPU, 1 GiB), Logstash 2 x (0.5 CPU, 2 GiB),
# Kibana, Prometheus, Grafana ~1.5 CPU / 4 GiB, Spark master + workers ~3 CPU / 6 GiB,
# exporters, producer and app-service ~0.5 CPU / 1 GiB, plus Argo CD and the per-node
# system pods (aws-node, kube-proxy, ebs-csi-node) ~1.5 CPU / 3 GiB: about 15 CPU and
# 50 GiB in all. m6i.2xlarge (8 vCPU, 32 GiB) x 2 per zone x 3 zones gives ~47 CPU and
# ~170 GiB allocatable, so a zone can be lost (a third of it) with everything stateless
# rescheduled in the other two.
#
# Why one group per zone: ZooKeeper, Kafka and Elasticsearch spread one member per zone
# with whenUnsatisfiable DoNotSchedule (overlays/prod), and their EBS volumes are zonal, so
# a member can only ever run in its own zone. A single group over three subnets lets the
# Auto Scaling group place nodes unevenly (two nodes in one zone, none in another) and
# rebalance by terminating nodes; a group per zone guarantees node_min_size_per_zone nodes
# in every zone, and an autoscaler can grow exactly the zone whose pod is Pending.

locals {
  # Elasticsearch's bootstrap check needs vm.max_map_count >= 262144 for mmapfs. Setting it on
  # the node replaces the privileged init container the pod would otherwise need, so the
  # platform namespaces can enforce Pod Security "restricted". EKS merges this MIME part with
  # its own nodeadm configuration (AL2023 runs x-shellscript parts before the kubelet starts).
  node_user_data = <<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="//"

    --//
    Content-Type: text/x-shellscript; charset="us-ascii"

    #!/bin/bash
    set -euo pipefail
    echo 'vm.max_map_count = 262144' > /etc/sysctl.d/90-elasticsearch.conf
    sysctl --load /etc/sysctl.d/90-elasticsearch.conf

    --//--
  EOT
}

resource "aws_launch_template" "node" {
  name_prefix = "${var.cluster_name}-node-"
  description = "Managed nodes of ${var.cluster_name}: IMDSv2 only, hop limit 1, encrypted gp3 root volume, vm.max_map_count"

  # No image or instance type: EKS picks the EKS-optimised AMI for ami_type and
  # kubernetes_version, and merges its own bootstrap with this user data. No security groups
  # either, so EKS attaches the cluster security group that lets nodes and control plane talk.
  user_data = base64encode(local.node_user_data)

  metadata_options {
    http_endpoint = "enabled"
    http_tokens   = "required" # IMDSv2 only: no unauthenticated GET of the node role's credentials
    # 1: a pod on the pod network is one hop further than the node, so no pod can fetch the
    # node role's credentials (only hostNetwork pods, aws-node and kube-proxy, reach IMDS).
    # The VPC CNI gets its AWS rights through IRSA (iam.tf), not the node role. The EBS CSI
    # node plugin falls back to Kubernetes metadata for its instance id and zone; it cannot
    # count the ENIs that share volume-attachment slots on Nitro instances, so addons.tf
    # reserves those slots explicitly.
    http_put_response_hop_limit = 1
    instance_metadata_tags      = "disabled"
  }

  block_device_mappings {
    device_name = "/dev/xvda" # root device of the Amazon Linux 2023 EKS AMI

    ebs {
      volume_type           = "gp3"
      volume_size           = var.node_disk_size_gib
      iops                  = 3000
      throughput            = 125
      encrypted             = true # with the account's aws/ebs key, usable by the autoscaling service role
      delete_on_termination = true
    }
  }

  # default_tags do not reach what the node group's Auto Scaling group launches.
  tag_specifications {
    resource_type = "instance"
    tags          = merge(local.common_tags, { Name = "${var.cluster_name}-node" })
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.common_tags, { Name = "${var.cluster_name}-node-root" })
  }

  update_default_version = true
}

resource "aws_eks_node_group" "platform" {
  # Keyed by zone name, so adding a zone (az_count) adds a group without touching the others.
  for_each = { for i, zone in local.azs : zone => aws_subnet.private[i].id }

  cluster_name = aws_eks_cluster.this.name
  # A prefix, not a fixed name: changes that replace the group (instance types) create the
  # new group before the old one is drained and deleted.
  node_group_name_prefix = "platform-${each.key}-"
  node_role_arn          = aws_iam_role.node.arn
  subnet_ids             = [each.value]
  version                = aws_eks_cluster.this.version

  ami_type       = "AL2023_x86_64_STANDARD"
  capacity_type  = "ON_DEMAND" # stateful brokers and data nodes: no Spot interruptions
  instance_types = var.node_instance_types

  scaling_config {
    min_size     = var.node_min_size_per_zone
    desired_size = var.node_desired_size_per_zone
    max_size     = var.node_max_size_per_zone
  }

  update_config {
    # One node at a time, so PodDisruptionBudgets of the 3-member StatefulSets hold.
    max_unavailable = 1
  }

  launch_template {
    id      = aws_launch_template.node.id
    version = aws_launch_template.node.latest_version
  }

  lifecycle {
    create_before_destroy = true
    # An autoscaler owns the live size after creation.
    ignore_changes = [scaling_config[0].desired_size]
  }

  depends_on = [
    aws_iam_role_policy_attachment.node,
    # Nodes only become Ready once the CNI (with its IRSA role) and kube-proxy DaemonSets
    # exist, and need egress through NAT to pull images and reach STS.
    aws_eks_addon.before_nodes,
    aws_iam_role_policy_attachment.irsa["vpc_cni"],
    aws_route.private_nat,
    aws_route_table_association.private,
  ]
}
