#!/bin/bash
# Replaces the placeholder certificates of fixtures (a lone "-----BEGIN ...-----"
# line) with real ones, so that the certificate checks read what kubeadm and the
# distributions leave: CAs first (*ca.crt), then each leaf signed by the CA
# beside it (front-proxy-client by front-proxy-ca), each with the key of the
# same name (.key) or, for .pem files, in the same file. Every certificate is
# RSA 2048, SHA-256, valid until 2125, so verdicts do not change with the date.
# Run once after adding a fixture: MKCERT=build/tests/mkcert tests/helpers/fixture-pki.sh fixtures/NAME
set -euo pipefail
: "${MKCERT:?MKCERT names build/tests/mkcert}"
until=21251231000000Z
is_placeholder() { [ -f "$1" ] && [ "$(wc -c < "$1")" -lt 100 ] && head -c 11 "$1" | grep -q -- '-----BEGIN '; }
make_one() { # CERT CA-or-empty
        local crt=$1 issuer=$2 key="${1%.*}.key" args=()
        case $crt in *.pem) key=$crt ;; esac
        [ "$key" = "$crt" ] || is_placeholder "$key" || key=/dev/null
        local cn; cn=$(basename "${crt%.*}")
        case $cn in *ca) args+=(--ca) ;; esac
        if [ -n "$issuer" ]; then args+=(--issuer-cert "$issuer.crt" --issuer-key "$issuer.key"); fi
        "$MKCERT" -o "$crt" -k "$key" --cn "$cn" --not-after "$until" "${args[@]}"
}
for fixture in "$@"; do
        mapfile -t certs < <(find "$fixture" \( -name '*.crt' -o -name '*.pem' \) -type f | sort)
        for pass in ca leaf; do
                for crt in "${certs[@]}"; do
                        is_placeholder "$crt" || continue
                        base=$(basename "${crt%.*}")
                        dir=$(dirname "$crt")
                        case $pass:$base in
                        ca:*ca) make_one "$crt" "" ;;
                        leaf:*ca) ;;
                        leaf:front-proxy-client)
                                issuer=$dir/front-proxy-ca
                                [ -f "$issuer.key" ] && ! is_placeholder "$issuer.key" || issuer=
                                make_one "$crt" "$issuer" ;;
                        leaf:*)
                                issuer=$dir/ca
                                [ -f "$issuer.key" ] && ! is_placeholder "$issuer.key" || issuer=
                                make_one "$crt" "$issuer" ;;
                        esac
                done
        done
done
