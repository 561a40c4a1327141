# Generic helpers for the translator, written with Nix builtins only (no nixpkgs).
# Every function here is pure and total on the inputs it documents: the translator
# must evaluate with `--strict --json` on invalid compositions without throwing.
let
  inherit (builtins)
    attrNames
    concatLists
    concatStringsSep
    filter
    foldl'
    genList
    head
    isAttrs
    isBool
    isFloat
    isInt
    isList
    isString
    length
    listToAttrs
    map
    match
    split
    substring
    stringLength
    tail
    toJSON
    ;
in
rec {
  # `attrs.${name}`, or `default` when the attribute is absent or null. The module passes
  # unset options as null, a user writing plain Nix or the console's JSON leaves them out:
  # both must mean the same.
  get = attrs: name: default: let v = attrs.${name} or null; in if v == null then default else v;

  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  optionalAttrs = cond: as: if cond then as else { };

  inherit concatLists;
  concatMap = f: xs: concatLists (map f xs);

  mapAttrsToList = f: as: map (n: f n as.${n}) (attrNames as);

  nameValuePair = name: value: { inherit name value; };

  # Keeps the first occurrence of each element, in order.
  unique =
    xs:
    (foldl' (
      acc: x:
      if acc.seen ? ${key x} then
        acc
      else
        {
          seen = acc.seen // {
            ${key x} = true;
          };
          out = acc.out ++ [ x ];
        }
    ) {
      seen = { };
      out = [ ];
    } xs).out;

  key = x: if isString x then x else toJSON x;

  hasPrefix = prefix: s: substring 0 (stringLength prefix) s == prefix;
  hasSuffix =
    suffix: s:
    let
      ls = stringLength s;
      lx = stringLength suffix;
    in
    ls >= lx && substring (ls - lx) lx s == suffix;
  removePrefix =
    prefix: s:
    if hasPrefix prefix s then substring (stringLength prefix) (stringLength s) s else s;

  # The parts of `s` between occurrences of the regular expression `sep`.
  splitString = sep: s: filter isString (split sep s);

  # "a=b=c" -> { name = "a"; value = "b=c"; }; "a" -> { name = "a"; value = null; }.
  splitFirst =
    sep: s:
    let
      m = match "([^${sep}]*)${sep}(.*)" s;
    in
    if m == null then
      {
        name = s;
        value = null;
      }
    else
      {
        name = head m;
        value = head (tail m);
      };

  # Compose accepts numbers and booleans where Docker wants strings. A path or a derivation
  # (`./app.env`, `pkgs.writeText …`) is its file name, as `toString` gives it: a path is not
  # copied to the store, a derivation is its output path.
  toStr =
    v:
    if isString v then
      v
    else if builtins.isPath v || (isAttrs v && v ? outPath) then
      toString v
    else if isBool v then
      (if v then "true" else "false")
    else if isInt v then
      toString v
    else if isFloat v then
      toJSON v
    else
      toJSON v;

  # A list given as a list, a single value, or nothing.
  toList = v: if v == null then [ ] else if isList v then v else [ v ];

  # "KEY=value" strings or an attrset -> an attrset of strings (compose's two forms of
  # environment and labels). Null values are dropped.
  keyValueAttrs =
    v:
    if v == null then
      { }
    else if isAttrs v then
      listToAttrs (
        concatMap (n: optional (v.${n} != null) (nameValuePair n (toStr v.${n}))) (attrNames v)
      )
    else
      listToAttrs (
        map (
          s:
          let
            p = splitFirst "=" (toStr s);
          in
          nameValuePair p.name (if p.value == null then "" else p.value)
        ) (toList v)
      );

  # Compose's environment: like keyValueAttrs, but a bare "KEY" (take it from the shell
  # running compose) is dropped: there is no such shell at evaluation time.
  environmentAttrs =
    v:
    if isAttrs v || v == null then
      keyValueAttrs v
    else
      keyValueAttrs (filter (s: match "[^=]*=.*" (toStr s) != null) (toList v));

  # An attrset of strings as "k=v" strings, sorted by key.
  keyValueList = as: mapAttrsToList (k: v: "${k}=${v}") as;

  characters = s: genList (i: substring i 1 s) (stringLength s);
  toUpper =
    builtins.replaceStrings (characters "abcdefghijklmnopqrstuvwxyz")
      (characters "ABCDEFGHIJKLMNOPQRSTUVWXYZ");

  toLower =
    builtins.replaceStrings (characters "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
      (characters "abcdefghijklmnopqrstuvwxyz");

  # One spelling per IP address, so that two spellings of one address compare equal:
  # brackets dropped, IPv6 in lower case with every group written out and no leading zeros
  # ("[::01]" and "0:0:0:0:0:0:0:1" -> "0:0:0:0:0:0:0:1"). IPv4 and anything unusual (an
  # embedded IPv4 part) stay as written, without brackets.
  canonicalIp =
    ip:
    let
      m = match "[[](.*)]" ip;
      bare = toLower (if m == null then ip else head m);
      halves = split "::" bare;
      groups = x: if x == "" then [ ] else splitString ":" x;
      left = groups (head halves);
      right = groups (elemAt halves 2);
      zeros = 8 - length left - length right;
      all =
        if length halves == 1 then
          groups bare
        else if length halves == 3 && zeros >= 0 then
          left ++ genList (_: "0") zeros ++ right
        else
          [ ];
      short = g: let z = match "0*([0-9a-f]+)" g; in if z == null then null else head z;
      shortened = map short all;
    in
    if match ".*:.*" bare == null || length all != 8 || builtins.elem null shortened then
      bare
    else
      concatStringsSep ":" shortened;

  # Single-quotes `s` for a POSIX shell.
  shellQuote =
    s:
    let
      safe = match "[A-Za-z0-9_./:=@%+,-]+" s;
    in
    if safe != null then s else "'" + concatStringsSep "'\\''" (splitString "'" s) + "'";

  isDerivation = v: isAttrs v && (v.type or null) == "derivation";

  # A command line split into words as a POSIX shell (and compose) splits it: blanks
  # separate words; '…' keeps everything literally; "…" keeps everything but \" \\ \$ \`
  # (which lose the backslash); a backslash outside quotes keeps the next character. No
  # variable expansion, no globbing. Null when a quote is not closed or the line ends in a
  # backslash.
  shellWords =
    s:
    let
      word = ''([^'"\\[:space:]]|\\.|'[^']*'|"([^"\\]|\\.)*")+'';
      parts = split "(${word})" s;
      gaps = filter isString parts;
      words = map head (filter isList parts);
      unquote =
        piece:
        let
          len = stringLength piece;
          first = substring 0 1 piece;
          inner = substring 1 (len - 2) piece;
        in
        if first == "'" then
          inner
        else if first == "\"" then
          builtins.replaceStrings [ "\\\"" "\\\\" "\\$" "\\`" "\\\n" ] [ "\"" "\\" "$" "`" "" ] inner
        else if first == "\\" then
          (if substring 1 1 piece == "\n" then "" else substring 1 1 piece)
        else
          piece;
      pieces = w: split ''('[^']*'|"([^"\\]|\\.)*"|\\.)'' w;
      unquoteWord =
        w: concatStringsSep "" (map (p: if isString p then p else unquote (head p)) (pieces w));
    in
    if filter (g: match "[[:space:]]*" g == null) gaps != [ ] then null else map unquoteWord words;

  # ---------------------------------------------------------------------------------------
  # Durations, as compose writes them ("1m30s", "10s", "500ms", "1.5s"; Go's syntax).
  # Returns milliseconds (integer, rounded up) or null when `v` is not a duration.
  # An integer is taken as seconds.
  durationMs =
    v:
    let
      unitMs = {
        h = 3600000.0;
        m = 60000.0;
        s = 1000.0;
        ms = 1.0;
        us = 0.001;
        "µs" = 0.001;
        ns = 0.000001;
      };
      parts = split "([0-9]+(\\.[0-9]+)?)(h|ms|m|s|us|µs|ns)" v;
      # split alternates: "", [num frac unit], "", [num frac unit], ..., ""
      gaps = filter isString parts;
      terms = filter isList parts;
      total = foldl' (acc: t: acc + builtins.fromJSON (head t) * unitMs.${elemAt t 2}) 0.0 terms;
    in
    if isInt v then
      v * 1000
    else if !isString v then
      null
    else if v == "0" then
      0
    else if terms == [ ] || filter (g: g != "") gaps != [ ] then
      null
    else
      builtins.ceil total;

  elemAt = builtins.elemAt;

  # Whole seconds, rounded up (Docker's --stop-timeout takes an integer).
  durationSeconds = v: let ms = durationMs v; in if ms == null then null else (ms + 999) / 1000;

  isDuration = v: v == null || durationMs v != null;

  # A port range "8000-8010" -> [ 8000 ... 8010 ]; "80" -> [ 80 ]; anything else -> [ ].
  portRange =
    s:
    let
      single = match "([0-9]+)" s;
      range = match "([0-9]+)-([0-9]+)" s;
      from = builtins.fromJSON (head range);
      to = builtins.fromJSON (elemAt range 1);
    in
    if single != null then
      [ (builtins.fromJSON (head single)) ]
    else if range != null && from <= to then
      genList (i: from + i) (to - from + 1)
    else
      [ ];

  # Groups a list by a string key: { key = [ elements in order ]; }.
  groupBy =
    f: xs:
    builtins.groupBy or (
      f: xs:
      foldl' (
        acc: x:
        acc
        // {
          ${f x} = (acc.${f x} or [ ]) ++ [ x ];
        }
      ) { } xs
    ) f xs;

  # "names a, b and c" style listing for messages.
  quoteList = xs: concatStringsSep ", " (map (x: "\"${x}\"") xs);
}
