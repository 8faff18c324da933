{{/*
Chart name, truncated to the 63 characters Kubernetes names allow.
*/}}
{{- define "kai.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Full name: the release name, suffixed with the chart name unless the release already contains it.
*/}}
{{- define "kai.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "kai.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "kai.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kai.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "kai.labels" -}}
helm.sh/chart: {{ include "kai.chart" . }}
{{ include "kai.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.labels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "kai.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "kai.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The image reference: a digest wins over a tag; an empty tag means the chart's appVersion.
*/}}
{{- define "kai.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/*
The health server port, for the container port, the probes and the scrape annotations.
*/}}
{{- define "kai.healthPort" -}}
{{- dig "health" "port" 8080 .Values.config }}
{{- end }}

{{/*
Where the ConfigMap is mounted. /etc/xdg/kai/config.yaml is also the last place kai searches
without --config, so `kubectl exec ... -- node /app/bin/kai.js config` shows the same config.
*/}}
{{- define "kai.configDir" -}}
/etc/xdg/kai
{{- end }}

{{/*
kai's config without its secrets: config with anchore.password, kubeconfig.user.token and
kubeconfig.user.private-key removed, and account-routes (which carries passwords) left out.
Those reach kai through the Secret as environment variables (kai.secretEnv). The chart's
tests apply the same removals to values.yaml and validate the result with kai's loader.
*/}}
{{- define "kai.publicConfig" -}}
{{- $config := deepCopy (default dict .Values.config) }}
{{- $_ := unset $config "account-routes" }}
{{- with $config.anchore }}
{{- $_ := unset . "password" }}
{{- end }}
{{- with $config.kubeconfig }}
{{- with .user }}
{{- $_ := unset . "token" }}
{{- $_ := unset . "private-key" }}
{{- end }}
{{- end }}
{{- toYaml $config }}
{{- end }}

{{/*
The Secret's keys: kai's environment names for the secret settings that have a value.
*/}}
{{- define "kai.secretEnv" -}}
{{- $config := default dict .Values.config }}
{{- $env := dict }}
{{- with dig "anchore" "password" "" $config }}
{{- $_ := set $env "KAI_ANCHORE_PASSWORD" . }}
{{- end }}
{{- with dig "kubeconfig" "user" "token" "" $config }}
{{- $_ := set $env "KAI_KUBECONFIG_USER_TOKEN" . }}
{{- end }}
{{- with dig "kubeconfig" "user" "private-key" "" $config }}
{{- $_ := set $env "KAI_KUBECONFIG_USER_PRIVATE_KEY" . }}
{{- end }}
{{- with (get $config "account-routes") }}
{{- $_ := set $env "KAI_ACCOUNT_ROUTES" (toJson .) }}
{{- end }}
{{- toYaml $env }}
{{- end }}

{{/*
Whether the chart creates its own Secret.
*/}}
{{- define "kai.createSecret" -}}
{{- if and (not .Values.existingSecret) (not .Values.injectSecretsViaEnv) }}true{{ end }}
{{- end }}

{{/*
Checks JSON Schema cannot express: comparing one value with another.
*/}}
{{- define "kai.validate" -}}
{{- $grace := int (dig "shutdown-grace-seconds" 10 .Values.config) }}
{{- if le (int .Values.terminationGracePeriodSeconds) $grace }}
{{- fail (printf "terminationGracePeriodSeconds (%d) must be greater than config.shutdown-grace-seconds (%d), or Kubernetes kills kai before an in-flight report finishes: raise terminationGracePeriodSeconds" (int .Values.terminationGracePeriodSeconds) $grace) }}
{{- end }}
{{- end }}
