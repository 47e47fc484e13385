# Local control plane for the end-to-end check: etcd and kube-apiserver on loopback, configured
# like controller-runtime's envtest (static token, service-account key pair and issuer, RBAC,
# self-signed serving certificate), with the default admission plugins, PodSecurity included.
# Sourced by e2e.sh; `cluster_start <bin-dir> <etcd-bin-dir> <run-dir>` exports KUBECONFIG and
# `cluster_stop` ends only the processes it started.

cluster_pids=()

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# Stops the API server before etcd (it would otherwise wait for its storage), each with a
# SIGTERM, then SIGKILL after 15 s.
cluster_stop() {
  local i pid
  for ((i = ${#cluster_pids[@]} - 1; i >= 0; i--)); do
    pid="${cluster_pids[i]}"
    kill "$pid" 2>/dev/null || continue
    for _ in $(seq 30); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.5
    done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  cluster_pids=()
}

cluster_start() {
  local kube_bin="$1" etcd_bin="$2" run="$3"
  local pki="$run/pki" etcd_port peer_port api_port token pid
  mkdir -p "$pki"
  etcd_port="$(free_port)"
  peer_port="$(free_port)"
  api_port="$(free_port)"
  token="$(openssl rand -hex 24)"

  # Serving certificate: self-signed, valid for the loopback address the kubeconfig names.
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
    -subj /CN=keelson-e2e-apiserver -addext 'subjectAltName=IP:127.0.0.1,DNS:localhost' \
    -addext 'basicConstraints=critical,CA:TRUE' \
    -keyout "$pki/serving.key" -out "$pki/serving.crt" 2>/dev/null
  # Service-account token signing key pair.
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$pki/sa.key" 2>/dev/null
  openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub"
  echo "$token,keelson-e2e-admin,keelson-e2e-admin,system:masters" >"$pki/tokens.csv"

  "$etcd_bin/etcd" --name keelson-e2e --data-dir "$run/etcd" \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
    --initial-cluster "keelson-e2e=http://127.0.0.1:$peer_port" \
    --unsafe-no-fsync --quota-backend-bytes 4294967296 >"$run/etcd.log" 2>&1 &
  cluster_pids+=($!)

  "$kube_bin/kube-apiserver" \
    --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
    --tls-cert-file "$pki/serving.crt" --tls-private-key-file "$pki/serving.key" \
    --cert-dir "$pki" \
    --token-auth-file "$pki/tokens.csv" \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc.cluster.local \
    --authorization-mode RBAC \
    --service-cluster-ip-range 10.96.0.0/16 \
    --allow-privileged=false \
    >"$run/kube-apiserver.log" 2>&1 &
  cluster_pids+=($!)

  local deadline=$((SECONDS + 120))
  until curl -sf --cacert "$pki/serving.crt" -H "Authorization: Bearer $token" \
    "https://127.0.0.1:$api_port/readyz" >/dev/null 2>&1; do
    if ((SECONDS > deadline)); then
      echo "e2e: kube-apiserver not ready after 120 s; last log lines:" >&2
      tail -n 20 "$run/etcd.log" "$run/kube-apiserver.log" >&2
      return 1
    fi
    for pid in "${cluster_pids[@]}"; do
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "e2e: a control-plane process exited; last log lines:" >&2
        tail -n 20 "$run/etcd.log" "$run/kube-apiserver.log" >&2
        return 1
      fi
    done
    sleep 0.5
  done

  export KUBECONFIG="$run/kubeconfig"
  cat >"$KUBECONFIG" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: keelson-e2e
    cluster:
      server: https://127.0.0.1:$api_port
      certificate-authority-data: $(base64 -w0 <"$pki/serving.crt")
users:
  - name: keelson-e2e-admin
    user:
      token: $token
contexts:
  - name: keelson-e2e
    context: { cluster: keelson-e2e, user: keelson-e2e-admin }
current-context: keelson-e2e
EOF
}

# cluster_controllers_start <kube-bin> <kwok-bin> <metallb-bin> <kwok-stage-dir> <metallb-crd-dir> <run-dir>: the
# parts of a cluster that make workloads run, each a real upstream program against the API
# server started above: kube-controller-manager (with its host-path provisioner for claims),
# kube-scheduler, kwok (one simulated Node whose kubelet reports what kwok's `fast` stages say:
# Pods scheduled to it become Running and Ready, Job Pods Succeeded) and MetalLB's controller
# (addresses for LoadBalancer Services from an IPAddressPool). Nothing writes a status by hand.
cluster_controllers_start() {
  local kube_bin="$1" kwok_bin="$2" metallb_bin="$3" stages="$4" metallb_crds="$5" run="$6" pki="$6/pki"
  "$kube_bin/kube-controller-manager" \
    --kubeconfig "$KUBECONFIG" --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
    --service-account-private-key-file "$pki/sa.key" --root-ca-file "$pki/serving.crt" \
    --use-service-account-credentials=false \
    --enable-hostpath-provisioner \
    >"$run/kube-controller-manager.log" 2>&1 &
  cluster_pids+=($!)
  "$kube_bin/kube-scheduler" \
    --kubeconfig "$KUBECONFIG" --authentication-kubeconfig "$KUBECONFIG" --authorization-kubeconfig "$KUBECONFIG" \
    --bind-address 127.0.0.1 --secure-port "$(free_port)" --leader-elect=false \
    >"$run/kube-scheduler.log" 2>&1 &
  cluster_pids+=($!)
  local configs=() f
  for f in node/fast/node-initialize.yaml node/heartbeat/node-heartbeat.yaml pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    [[ -f "$stages/$f" ]] || {
      echo "e2e: kwok stage configuration $stages/$f is missing" >&2
      return 1
    }
    configs+=(--config "$stages/$f")
  done
  "$kwok_bin/kwok" --kubeconfig "$KUBECONFIG" "${configs[@]}" \
    --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
    --cidr 10.244.0.0/16 --node-ip 10.244.0.1 --server-address "127.0.0.1:$(free_port)" \
    >"$run/kwok.log" 2>&1 &
  cluster_pids+=($!)
  # MetalLB's controller watches every kind of its release (pools, advertisements, peers,
  # communities, BFD profiles, statuses): all CRDs of that version, from its module.
  kubectl apply --server-side --force-conflicts --field-manager=keelson-e2e -f "$metallb_crds" >/dev/null
  kubectl wait --for condition=Established crd --all --timeout=120s >/dev/null
  kubectl create namespace metallb-system --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  "$metallb_bin/metallb-controller" --namespace metallb-system --webhook-mode disabled --disable-cert-rotation \
    --port "$(free_port)" --log-level warn \
    >"$run/metallb-controller.log" 2>&1 &
  cluster_pids+=($!)

  # The simulated node: generous allocatable resources, so scheduling never depends on sizes.
  kubectl apply -f - >/dev/null <<'NODE'
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-0
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/hostname: kwok-node-0
    kubernetes.io/os: linux
    kubernetes.io/arch: amd64
    type: kwok
status:
  allocatable: { cpu: "256", memory: 1Ti, pods: "1000", ephemeral-storage: 10Ti }
  capacity: { cpu: "256", memory: 1Ti, pods: "1000", ephemeral-storage: 10Ti }
NODE
  local deadline=$((SECONDS + 120))
  until [[ "$(kubectl get node kwok-node-0 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)" == True ]]; do
    if ((SECONDS > deadline)); then
      echo "e2e: the kwok node is not Ready after 120 s; last log lines:" >&2
      tail -n 20 "$run/kwok.log" "$run/kube-controller-manager.log" "$run/kube-scheduler.log" >&2
      return 1
    fi
    sleep 1
  done
}

# cluster_storage_class <name>: a StorageClass served by kube-controller-manager's host-path
# provisioner, named like the environment's storageClass (its claims bind to real volumes).
cluster_storage_class() {
  kubectl apply -f - >/dev/null <<SC
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: $1
provisioner: kubernetes.io/host-path
reclaimPolicy: Retain
volumeBindingMode: Immediate
SC
}

# cluster_address_pool <name> <addresses>: a MetalLB IPAddressPool the controller assigns
# LoadBalancer addresses from (an address range "a-b" or a CIDR, both MetalLB syntaxes).
cluster_address_pool() {
  kubectl apply -f - >/dev/null <<POOL
apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: $1
  namespace: metallb-system
spec:
  addresses: ["$2"]
POOL
}
