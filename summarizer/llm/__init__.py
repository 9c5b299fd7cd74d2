"""The LLM engine: plan (one call or map -> reduce), prompts, structured output with re-asks, assembly."""
