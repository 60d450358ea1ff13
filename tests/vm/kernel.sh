# SPDX-License-Identifier: GPL-2.0
# Sourced by tests/vm/run and tests/build/*: fetch Debian's current amd64
# kernel image and matching headers with apt (never the host's kernel),
# unpacked into the cache. Sets KVER, KIMAGE, KMODDIR and KDIR.

: "${HVNEST_CACHE:=${XDG_CACHE_HOME:-$HOME/.cache}/hvnest}"

vm_die() {
	echo "hvnest-vm: error: $*" >&2
	exit 3
}

# Debian's linux-image-amd64 metapackage names the current ABI version.
kernel_resolve() {
	local v
	if [[ -n ${HVNEST_KERNEL:-} ]]; then
		KVER=$HVNEST_KERNEL
		return
	fi
	v=$(apt-cache depends linux-image-amd64 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { sub("linux-image-", "", $2); print $2; exit }')
	if [[ -z $v ]] && ((EUID == 0)); then
		apt-get update -qq >/dev/null 2>&1 || true
		v=$(apt-cache depends linux-image-amd64 2>/dev/null |
			awk '/Depends: linux-image-[0-9]/ { sub("linux-image-", "", $2); print $2; exit }')
	fi
	if [[ -z $v ]]; then
		# No apt information: fall back to the newest kernel in the cache.
		v=$(ls -1 "$HVNEST_CACHE/kernel" 2>/dev/null | sort -V | tail -n 1)
		[[ -n $v ]] || vm_die "cannot resolve linux-image-amd64 (run 'apt-get update', or set HVNEST_KERNEL=6.1.0-N-amd64)"
		echo "hvnest-vm: warning: apt does not know linux-image-amd64; using cached kernel $v" >&2
	fi
	KVER=$v
}

kernel_fetch() {
	local dir=$HVNEST_CACHE/kernel/$KVER flavourless=${KVER%-amd64}
	local hdr=$dir/root/usr/src/linux-headers-$KVER
	KIMAGE=$dir/root/boot/vmlinuz-$KVER
	KMODDIR=$dir/root/lib/modules/$KVER
	KDIR=$hdr
	[[ -f $dir/ok ]] && return
	mkdir -p "$dir/debs"
	rm -rf "$dir/root"
	(cd "$dir/debs" && apt-get download -q \
		"linux-image-$KVER-unsigned" "linux-headers-$KVER" \
		"linux-headers-$flavourless-common" "linux-kbuild-$(echo "$KVER" | cut -d. -f1,2)" \
		>"$dir/fetch.log" 2>&1) ||
		vm_die "apt-get download of kernel $KVER failed (see $dir/fetch.log)"
	for deb in "$dir"/debs/*.deb; do
		dpkg-deb -x "$deb" "$dir/root" || vm_die "cannot unpack $deb"
	done
	# The headers' Makefile includes the common tree by absolute path.
	sed -i "s#/usr/src/#$dir/root/usr/src/#" "$hdr/Makefile"
	[[ -f $KIMAGE && -f $hdr/Makefile && -d $KMODDIR/kernel ]] ||
		vm_die "kernel $KVER unpacked incompletely in $dir"
	touch "$dir/ok"
}

busybox_fetch() {
	local dir=$HVNEST_CACHE/busybox
	BUSYBOX=$dir/root/bin/busybox
	[[ -x $BUSYBOX ]] && return
	mkdir -p "$dir"
	(cd "$dir" && rm -f ./*.deb && apt-get download -q busybox-static >fetch.log 2>&1) ||
		vm_die "apt-get download busybox-static failed (see $dir/fetch.log)"
	dpkg-deb -x "$dir"/busybox-static_*.deb "$dir/root"
	[[ -x $BUSYBOX ]] || vm_die "busybox-static has no bin/busybox"
}

# checkpatch.pl (with its data files) and the kernel's .clang-format, taken
# from Debian's linux-source package of the same series. Sets KSRC_TOOLS.
kernel_style_tools_fetch() {
	local series dir
	series=$(echo "$KVER" | cut -d. -f1,2)
	dir=$HVNEST_CACHE/linux-source-$series
	KSRC_TOOLS=$dir/linux-source-$series
	[[ -f $dir/ok ]] && return
	mkdir -p "$dir"
	(cd "$dir" && rm -f ./*.deb && apt-get download -q "linux-source-$series" >fetch.log 2>&1) ||
		vm_die "apt-get download linux-source-$series failed (see $dir/fetch.log)"
	dpkg-deb --fsys-tarfile "$dir"/linux-source-*.deb |
		tar -xO "./usr/src/linux-source-$series.tar.xz" |
		tar -xJ -C "$dir" "linux-source-$series/scripts/checkpatch.pl" \
			"linux-source-$series/scripts/spelling.txt" \
			"linux-source-$series/scripts/const_structs.checkpatch" \
			"linux-source-$series/.clang-format" ||
		vm_die "cannot extract checkpatch from linux-source-$series"
	rm -f "$dir"/linux-source-*.deb
	touch "$dir/ok"
}
