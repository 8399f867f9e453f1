# Inputs of the platform's AWS network and EKS cluster. Per-environment values live in
# environments/<env>/terraform.tfvars; defaults here are sized for the prod overlay.

variable "environment" {
  description = "Environment this cluster serves; selects nothing by itself but tags every resource and must match the Argo CD cluster directory (clusters/<environment>)."
  type        = string

  validation {
    condition     = contains(local.environments, var.environment)
    error_message = "environment must be one of the platform's environments (environments.tf, generated from scripts/environments.ts)."
  }
}

variable "region" {
  description = "AWS region for the VPC and the EKS cluster, e.g. eu-west-1."
  type        = string
  default     = "eu-west-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", var.region))
    error_message = "region must be an AWS region code such as eu-west-1 or us-east-2."
  }
}

variable "cluster_name" {
  description = "Name of the EKS cluster; also the prefix of its IAM roles, KMS aliases and log group, and the value in the kubernetes.io/cluster/<name> subnet tags."
  type        = string

  validation {
    # EKS allows 100 characters; IAM role names (<name>-ebs-csi-driver, 64 max) allow 40.
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,39}$", var.cluster_name))
    error_message = "cluster_name must start with a letter and hold 1-40 letters, digits or hyphens."
  }
}

variable "kubernetes_version" {
  description = "Kubernetes minor version of the EKS control plane and managed nodes (EKS supports a version for 14 months of standard support). npm run validate checks the manifests against this version."
  type        = string
  default     = "1.33"

  validation {
    condition     = can(regex("^1\\.[0-9]{2}$", var.kubernetes_version))
    error_message = "kubernetes_version must be a Kubernetes minor version such as \"1.33\"."
  }
}

variable "vpc_cidr" {
  description = "IPv4 CIDR of the VPC, /16 to /20. Private subnets get 1/8 of it each (pods take VPC addresses through the VPC CNI), public subnets a /24-equivalent slice of the last eighth."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition = (
      can(cidrhost(var.vpc_cidr, 0)) &&
      can(tonumber(split("/", var.vpc_cidr)[1])) &&
      try(tonumber(split("/", var.vpc_cidr)[1]) >= 16 && tonumber(split("/", var.vpc_cidr)[1]) <= 20, false)
    )
    error_message = "vpc_cidr must be a valid IPv4 CIDR with a prefix length from /16 to /20, e.g. 10.0.0.0/16."
  }
}

variable "az_count" {
  description = "Number of availability zones to spread subnets, NAT gateways and nodes over. EKS needs at least two; three lets the 3-replica StatefulSets (Elasticsearch, Kafka, ZooKeeper) keep one member per zone."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 6 && floor(var.az_count) == var.az_count
    error_message = "az_count must be a whole number from 2 to 6: EKS requires subnets in at least two availability zones."
  }
}

variable "single_nat_gateway" {
  description = "true: one NAT gateway for all private subnets (cheaper, dev). false: one per availability zone, so losing a zone does not cut the other zones' egress (prod)."
  type        = bool
  default     = false
}

variable "endpoint_public_access" {
  description = "Whether the cluster API endpoint is reachable from the internet (only from public_access_cidrs). The private endpoint is always on, so nodes never leave the VPC to reach the API."
  type        = bool
  default     = true
}

variable "public_access_cidrs" {
  description = "IPv4 CIDRs allowed to reach the public API endpoint (office, VPN egress, CI runners). 0.0.0.0/0 is refused: set endpoint_public_access = false instead of opening the API to everyone."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.public_access_cidrs : can(cidrhost(c, 0)) && can(regex("^[0-9.]+/[0-9]+$", c))])
    error_message = "Every public_access_cidrs entry must be an IPv4 CIDR such as 203.0.113.0/24."
  }

  validation {
    condition     = !contains(var.public_access_cidrs, "0.0.0.0/0")
    error_message = "public_access_cidrs must not contain 0.0.0.0/0: list the networks that administer the cluster, or set endpoint_public_access = false."
  }

  validation {
    condition     = !var.endpoint_public_access || length(var.public_access_cidrs) > 0
    error_message = "public_access_cidrs must list at least one CIDR while endpoint_public_access is true."
  }
}

variable "admin_role_arn" {
  description = "ARN of the IAM role (e.g. an SSO administrator role) granted AmazonEKSClusterAdminPolicy on the whole cluster through an EKS access entry."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+$", var.admin_role_arn))
    error_message = "admin_role_arn must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins."
  }
}

variable "node_instance_types" {
  description = "EC2 instance types of the managed node group, in order of preference (On-Demand uses the first that has capacity)."
  type        = list(string)
  default     = ["m6i.2xlarge"]

  validation {
    condition     = length(var.node_instance_types) > 0 && alltrue([for t in var.node_instance_types : can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", t))])
    error_message = "node_instance_types must list at least one EC2 instance type such as m6i.2xlarge."
  }
}

variable "node_min_size_per_zone" {
  description = "Minimum nodes in each zone's managed node group (one group per availability zone). At least 1, so every zone can run its member of the 3-member StatefulSets."
  type        = number
  default     = 2

  validation {
    condition     = var.node_min_size_per_zone >= 1 && floor(var.node_min_size_per_zone) == var.node_min_size_per_zone
    error_message = "node_min_size_per_zone must be a whole number of at least 1: a zone without a node cannot run its ZooKeeper, Kafka and Elasticsearch member."
  }
}

variable "node_desired_size_per_zone" {
  description = "Nodes each zone's group starts with. Terraform ignores later changes to the live value so that an autoscaler can own it."
  type        = number
  default     = 2

  validation {
    condition     = var.node_desired_size_per_zone >= var.node_min_size_per_zone && var.node_desired_size_per_zone <= var.node_max_size_per_zone
    error_message = "node_desired_size_per_zone must lie between node_min_size_per_zone and node_max_size_per_zone."
  }
}

variable "node_max_size_per_zone" {
  description = "Maximum nodes in each zone's managed node group."
  type        = number
  default     = 4

  validation {
    condition     = var.node_max_size_per_zone >= var.node_min_size_per_zone && var.node_max_size_per_zone <= 100
    error_message = "node_max_size_per_zone must be at least node_min_size_per_zone and at most 100."
  }
}

variable "node_reserved_volume_attachments" {
  description = "EBS volume-attachment slots the EBS CSI node plugin leaves unused on each node: the root volume plus the ENIs the instance type can hold (m6i.2xlarge: 1 + 4). Nodes cannot reach IMDS from pods (hop limit 1), so the driver cannot count them itself."
  type        = number
  default     = 5

  validation {
    condition     = var.node_reserved_volume_attachments >= 1 && var.node_reserved_volume_attachments <= 27 && floor(var.node_reserved_volume_attachments) == var.node_reserved_volume_attachments
    error_message = "node_reserved_volume_attachments must be a whole number from 1 to 27 (Nitro instances share 28 slots)."
  }
}

variable "node_disk_size_gib" {
  description = "Size of each node's encrypted gp3 root volume in GiB: container images (Elasticsearch, Logstash, Kibana and Spark images are ~1 GiB each) and logs. Platform data lives on PersistentVolumes, not here."
  type        = number
  default     = 50

  validation {
    condition     = var.node_disk_size_gib >= 20 && var.node_disk_size_gib <= 1000
    error_message = "node_disk_size_gib must be from 20 to 1000."
  }
}

variable "cluster_log_retention_days" {
  description = "Retention of the control-plane log group (/aws/eks/<cluster>/cluster) in days."
  type        = number
  default     = 90

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cluster_log_retention_days)
    error_message = "cluster_log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "flow_log_retention_days" {
  description = "Retention of the VPC flow log group (/aws/vpc/<cluster>/flow-logs) in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be a CloudWatch Logs retention value: 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653."
  }
}

variable "addon_versions" {
  description = "Optional exact versions of the EKS add-ons (keys: vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver). An add-on left out gets EKS's default version for kubernetes_version when it is created; pin versions here when upgrading the cluster (aws eks describe-addon-versions lists them)."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for k in keys(var.addon_versions) : contains(["vpc-cni", "coredns", "kube-proxy", "aws-ebs-csi-driver"], k)])
    error_message = "addon_versions keys must be among vpc-cni, coredns, kube-proxy, aws-ebs-csi-driver."
  }

  validation {
    condition     = alltrue([for v in values(var.addon_versions) : can(regex("^v[0-9]+\\.[0-9]+\\.[0-9]+-eksbuild\\.[0-9]+$", v))])
    error_message = "addon_versions values must be EKS add-on versions such as v1.19.2-eksbuild.1."
  }
}

variable "tags" {
  description = "Extra tags for every resource (cost centre, owner, ...). Environment, Cluster and ManagedBy are always added."
  type        = map(string)
  default     = {}
}

variable "upgrade_support_type" {
  description = "What EKS does when kubernetes_version leaves its 14 months of standard support: STANDARD upgrades the control plane to the next version automatically; EXTENDED keeps it for up to 12 more months at extra hourly cost. Either way, plan upgrades before that date."
  type        = string
  default     = "STANDARD"

  validation {
    condition     = contains(["STANDARD", "EXTENDED"], var.upgrade_support_type)
    error_message = "upgrade_support_type must be STANDARD or EXTENDED."
  }
}
