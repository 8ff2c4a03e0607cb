"""The bottom of the engine: the model's shapes, the rules with their messages, text scans."""
