package dev.nabla.data;
