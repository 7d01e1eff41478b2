package dev.nabla.train;
