# Turns an evaluated value into plain JSON data, replacing what JSON cannot
# hold faithfully with { __khepri = kind; detail = ...; } markers.
let
  marker = kind: detail: { __khepri = kind; inherit detail; };

  sanitize = value:
    if builtins.isFunction value then marker "function" "a function"
    else if builtins.isPath value then marker "path" (toString value)
    else if builtins.isAttrs value then
      if value.type or null == "derivation" then
        marker "derivation" (value.name or "derivation") // {
          imageName = value.imageName or null;
          imageTag = value.imageTag or null;
        }
      else if value ? _type then marker "override" value._type
      else builtins.mapAttrs (_: sanitize) value
    else if builtins.isList value then map sanitize value
    # nix prints floats with six significant digits: one that does not survive
    # that cannot be written back unchanged.
    else if builtins.isFloat value && builtins.fromJSON (builtins.toJSON value) != value then
      marker "float" (toString value)
    else value;
in
sanitize
