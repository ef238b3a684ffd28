"""Prelude.Backprop: lifted Prelude functions over BVars of containers.

SKELETON (issue 4).
"""
