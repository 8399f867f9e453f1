# prod: 3-member Elasticsearch, Kafka and ZooKeeper (see overlays/prod), so three zones,
# a NAT gateway per zone and nodes sized in nodes.tf.
# terraform plan -var-file=environments/prod/terraform.tfvars
environment  = "prod"
region       = "eu-west-1"
cluster_name = "platform-prod"

vpc_cidr           = "10.20.0.0/16"
az_count           = 3
single_nat_gateway = false

# Who may administer the cluster is account- and site-specific, so it is not committed:
# export TF_VAR_admin_role_arn=arn:aws:iam::<account>:role/<admin role>
# export TF_VAR_public_access_cidrs='["<office or VPN egress CIDR>"]'
endpoint_public_access = true

node_instance_types              = ["m6i.2xlarge"]
node_min_size_per_zone           = 2
node_desired_size_per_zone       = 2
node_max_size_per_zone           = 4
node_reserved_volume_attachments = 5
node_disk_size_gib               = 80

cluster_log_retention_days = 365

tags = {
  CostCentre = "platform-prod"
}
