# dev: one replica of everything (see overlays/dev), so two zones, one NAT gateway and
# smaller nodes. terraform plan -var-file=environments/dev/terraform.tfvars
environment  = "dev"
region       = "eu-west-1"
cluster_name = "platform-dev"

vpc_cidr           = "10.10.0.0/16"
az_count           = 2
single_nat_gateway = true

# Who may administer the cluster is account- and site-specific, so it is not committed:
# export TF_VAR_admin_role_arn=arn:aws:iam::<account>:role/<admin role>
# export TF_VAR_public_access_cidrs='["<office or VPN egress CIDR>"]'
endpoint_public_access = true

node_instance_types              = ["m6i.xlarge"]
node_min_size_per_zone           = 1
node_desired_size_per_zone       = 1
node_max_size_per_zone           = 2
node_reserved_volume_attachments = 5
node_disk_size_gib               = 50

cluster_log_retention_days = 30

tags = {
  CostCentre = "platform-dev"
}
