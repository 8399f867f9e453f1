# Remote state of the prod cluster: terraform init -backend-config=environments/prod/backend.hcl
# The bucket must exist first (versioning on, public access blocked); see terraform/README.md.
bucket       = "platform-team-terraform-state"
key          = "eks/prod/terraform.tfstate"
region       = "eu-west-1"
encrypt      = true
use_lockfile = true # S3 conditional writes lock the state; no DynamoDB table needed (Terraform >= 1.11)
